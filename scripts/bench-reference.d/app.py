"""The reference for issue 15's comparison: a plain FastAPI + SQLAlchemy 2 + Jinja2 catalog, written the way such an
app usually is (an ORM query per request, COUNT and GROUP BY for the sidebar, LIMIT/OFFSET pages), over
its own SQLite copy of Backline's seeded products, with an FTS5 table for search. It answers the same listing and search addresses as Backline's
/products. Not part of the product: scripts/bench-reference builds it in a venv and runs it under uvicorn."""
import os
from typing import Optional

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy import Float, ForeignKey, Integer, String, create_engine, func, select, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Category(Base):
    __tablename__ = "categories"
    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("categories.id"), index=True)
    name: Mapped[str] = mapped_column(String)
    slug: Mapped[str] = mapped_column(String, unique=True)


class Shop(Base):
    __tablename__ = "shops"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String)


class Product(Base):
    __tablename__ = "products"
    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"), index=True)
    name: Mapped[str] = mapped_column(String)
    brand: Mapped[str] = mapped_column(String, index=True)
    model: Mapped[str] = mapped_column(String)
    condition: Mapped[str] = mapped_column(String, index=True)
    price_cents: Mapped[int] = mapped_column(Integer, index=True)
    stock: Mapped[int] = mapped_column(Integer)
    sold_count: Mapped[int] = mapped_column(Integer, index=True)
    rating_avg: Mapped[float] = mapped_column(Float, index=True)
    created_at: Mapped[float] = mapped_column(Float, index=True)
    image_path: Mapped[Optional[str]] = mapped_column(String)
    shop: Mapped[Shop] = relationship(lazy="joined")
    category: Mapped[Category] = relationship(lazy="joined")


engine = create_engine("sqlite:///" + os.environ.get("REFERENCE_DB", "reference.sqlite"), pool_size=8)
templates = Jinja2Templates(directory=os.path.join(os.path.dirname(__file__), "templates"))
app = FastAPI()
SORTS = {
    "newest": Product.created_at.desc(), "price_asc": Product.price_cents.asc(), "price_desc": Product.price_cents.desc(),
    "popular": Product.sold_count.desc(), "rating": Product.rating_avg.desc(),
}
PER_PAGE = 24


@app.get("/products", response_class=HTMLResponse)
def products(request: Request, q: str = "", category: str = "", brand: str = "", condition: str = "", max_price: Optional[int] = None,
             sort: str = "newest", page: int = 1):
    with Session(engine) as session:
        filters = [Product.stock > 0]
        heading = "All gear"
        if category:
            chosen = session.scalars(select(Category).where(Category.slug == category)).first()
            if chosen:
                heading = chosen.name
                ids = [chosen.id] + list(session.scalars(select(Category.id).where(Category.parent_id == chosen.id)))
                filters.append(Product.category_id.in_(ids))
        words = ["".join(c for c in word if c.isalnum()) for word in q.split()[:8]]
        if any(words):
            match = " ".join(f'"{word}"*' for word in words if word)
            filters.append(Product.id.in_(text("SELECT rowid FROM products_fts WHERE products_fts MATCH :match").bindparams(match=match)))
            heading = f"Results for “{q}”"
        facet_filters = list(filters)
        if brand:
            filters.append(Product.brand == brand)
        if condition:
            filters.append(Product.condition == condition)
        if max_price:
            filters.append(Product.price_cents <= max_price * 100)
        total = session.scalar(select(func.count()).select_from(Product).where(*filters))
        brands = session.execute(
            select(Product.brand, func.count()).where(*facet_filters).group_by(Product.brand).order_by(func.count().desc()).limit(15)).all()
        conditions = session.execute(select(Product.condition, func.count()).where(*facet_filters).group_by(Product.condition)).all()
        page = max(1, page)
        items = session.scalars(
            select(Product).where(*filters).order_by(SORTS.get(sort, SORTS["newest"]), Product.id.desc())
            .offset((page - 1) * PER_PAGE).limit(PER_PAGE)).all()
        return templates.TemplateResponse(request, "listing.html", {
            "heading": heading, "total": total, "items": items, "brands": brands, "conditions": conditions, "page": page,
            "pages": max(1, (total + PER_PAGE - 1) // PER_PAGE), "q": q,
        })
