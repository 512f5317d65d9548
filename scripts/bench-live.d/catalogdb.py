"""Reads rows from the benchmark's database, SQLite (a file path) or PostgreSQL (a postgres:// URL, through psql)."""
import sqlite3
import subprocess


def rows(db, sql):
    if db.startswith("postgres"):
        url = db.replace("tlsmode=", "sslmode=")
        out = subprocess.run(["psql", url, "-AtF", "\t", "-c", sql], check=True, capture_output=True, text=True).stdout
        return [tuple(_value(v) for v in line.split("\t")) for line in out.splitlines() if line]
    with sqlite3.connect(db) as con:
        return con.execute(sql).fetchall()


def _value(text):
    return int(text) if text.lstrip("-").isdigit() else text
