/// Static demo data for `backline seed`: the category tree, real brands and plausible models with
/// new-condition prices, shop and people names, review texts.
enum SeedData {
    struct CategorySpec: Sendable {
        let name: String
        let slug: String
        let children: [CategorySpec]
    }

    /// One row of a listing's specs table, e.g. ("Body", "Alder").
    struct Spec: Sendable {
        let name: String
        let value: String
    }

    struct ModelSpec: Sendable {
        let brand: String
        let model: String  // e.g. "Player Stratocaster", "Les Paul Standard '50s"
        let newPriceCents: Int  // typical street price when new, in US cents
        let years: ClosedRange<Int>  // plausible production years for listings
        let finishes: [String]  // real-sounding finishes/colours, at least 2
        let specs: [Spec]  // 3-6 spec rows shown in a specs table
    }

    // MARK: Categories

    /// Categories that have an illustration in `Public/img/categories/` (listings without photos show it).
    static let illustratedCategories: Set<String> = Set(categories.flatMap { [$0.slug] + $0.children.map(\.slug) })

    static let categories: [CategorySpec] = [
        CategorySpec(
            name: "Guitars", slug: "guitars",
            children: [
                CategorySpec(name: "Electric Guitars", slug: "electric-guitars", children: []),
                CategorySpec(name: "Acoustic Guitars", slug: "acoustic-guitars", children: []),
                CategorySpec(name: "Bass Guitars", slug: "bass-guitars", children: []),
                CategorySpec(name: "Classical Guitars", slug: "classical-guitars", children: []),
            ]),
        CategorySpec(name: "Amps", slug: "amps", children: []),
        CategorySpec(
            name: "Effects", slug: "effects",
            children: [
                CategorySpec(name: "Pedals", slug: "pedals", children: []),
                CategorySpec(name: "Multi-FX", slug: "multi-fx", children: []),
            ]),
        CategorySpec(name: "Keyboards & Synths", slug: "keyboards-synths", children: []),
        CategorySpec(name: "Drums & Percussion", slug: "drums-percussion", children: []),
        CategorySpec(
            name: "Pro Audio", slug: "pro-audio",
            children: [
                CategorySpec(name: "Audio Interfaces", slug: "interfaces", children: []),
                CategorySpec(name: "Microphones", slug: "microphones", children: []),
                CategorySpec(name: "Studio Monitors", slug: "monitors", children: []),
            ]),
        CategorySpec(name: "DJ Gear", slug: "dj", children: []),
        CategorySpec(name: "Accessories", slug: "accessories", children: []),
    ]

    // MARK: Models

    /// leaf (or childless top-level) category slug -> the models sold there
    static let models: [String: [ModelSpec]] = [
        "electric-guitars": electricGuitars,
        "acoustic-guitars": acousticGuitars,
        "bass-guitars": bassGuitars,
        "classical-guitars": classicalGuitars,
        "amps": amps,
        "pedals": pedals,
        "multi-fx": multiFX,
        "keyboards-synths": keyboardsSynths,
        "drums-percussion": drumsPercussion,
        "interfaces": interfaces,
        "microphones": microphones,
        "monitors": monitors,
        "dj": djGear,
        "accessories": accessories,
    ]

    private static let electricGuitars: [ModelSpec] = [
        ModelSpec(
            brand: "Fender", model: "Player Stratocaster", newPriceCents: 84_999, years: 2018...2023,
            finishes: ["3-Color Sunburst", "Polar White", "Black", "Tidepool", "Buttercream", "Sonic Red"],
            specs: [
                Spec("Body", "Alder"), Spec("Neck", "Maple, Modern \"C\""), Spec("Fretboard", "Pau Ferro"),
                Spec("Pickups", "3 Player Series Alnico 5 single-coil"), Spec("Scale", "25.5\""),
            ]),
        ModelSpec(
            brand: "Fender", model: "American Professional II Stratocaster", newPriceCents: 179_999, years: 2020...2025,
            finishes: ["3-Color Sunburst", "Olympic White", "Miami Blue", "Dark Night", "Mystic Surf Green", "Mercury"],
            specs: [
                Spec("Body", "Alder"), Spec("Neck", "Maple, Deep \"C\""), Spec("Fretboard", "Rosewood"), Spec("Pickups", "3 V-Mod II single-coil"),
                Spec("Scale", "25.5\""), Spec("Case", "Elite molded hardshell"),
            ]),
        ModelSpec(
            brand: "Fender", model: "Player Telecaster", newPriceCents: 82_999, years: 2018...2023,
            finishes: ["Butterscotch Blonde", "3-Color Sunburst", "Black", "Polar White", "Tidepool"],
            specs: [
                Spec("Body", "Alder"), Spec("Neck", "Maple, Modern \"C\""), Spec("Fretboard", "Maple"),
                Spec("Pickups", "2 Player Series Alnico 5 single-coil"), Spec("Scale", "25.5\""),
            ]),
        ModelSpec(
            brand: "Fender", model: "American Vintage II 1951 Telecaster", newPriceCents: 249_999, years: 2022...2025,
            finishes: ["Butterscotch Blonde", "White Blonde"],
            specs: [
                Spec("Body", "Ash"), Spec("Neck", "Maple, '51 \"U\""), Spec("Fretboard", "Maple, 21 vintage-tall frets"),
                Spec("Pickups", "2 Pure Vintage '51 single-coil"), Spec("Scale", "25.5\""),
            ]),
        ModelSpec(
            brand: "Squier", model: "Classic Vibe '50s Stratocaster", newPriceCents: 44_999, years: 2019...2025,
            finishes: ["2-Color Sunburst", "Fiesta Red", "White Blonde", "Black"],
            specs: [
                Spec("Body", "Pine"), Spec("Neck", "Maple, \"C\" profile"), Spec("Fretboard", "Maple"),
                Spec("Pickups", "3 Fender-designed Alnico single-coil"), Spec("Scale", "25.5\""),
            ]),
        ModelSpec(
            brand: "Gibson", model: "Les Paul Standard '50s", newPriceCents: 279_900, years: 2019...2025,
            finishes: ["Heritage Cherry Sunburst", "Tobacco Burst", "Gold Top"],
            specs: [
                Spec("Body", "Mahogany with AA figured maple top"), Spec("Neck", "Mahogany, Vintage '50s"), Spec("Fretboard", "Rosewood"),
                Spec("Pickups", "Burstbucker 1 & 2"), Spec("Scale", "24.75\""), Spec("Case", "Gibson hardshell"),
            ]),
        ModelSpec(
            brand: "Gibson", model: "SG Standard", newPriceCents: 199_900, years: 2019...2025,
            finishes: ["Heritage Cherry", "Ebony", "Pelham Blue"],
            specs: [
                Spec("Body", "Mahogany"), Spec("Neck", "Mahogany, Rounded"), Spec("Fretboard", "Rosewood"), Spec("Pickups", "490R & 490T humbuckers"),
                Spec("Scale", "24.75\""),
            ]),
        ModelSpec(
            brand: "Gibson", model: "ES-335", newPriceCents: 399_900, years: 1970...2025,
            finishes: ["Vintage Burst", "Sixties Cherry", "Vintage Ebony"],
            specs: [
                Spec("Body", "3-ply maple/poplar/maple, semi-hollow"), Spec("Neck", "Mahogany, Rounded \"C\""), Spec("Fretboard", "Rosewood"),
                Spec("Pickups", "Calibrated T-Type humbuckers"), Spec("Scale", "24.75\""),
            ]),
        ModelSpec(
            brand: "Epiphone", model: "Les Paul Standard '50s", newPriceCents: 64_900, years: 2020...2025,
            finishes: ["Heritage Cherry Sunburst", "Vintage Sunburst", "Metallic Gold"],
            specs: [
                Spec("Body", "Mahogany with AA flame maple veneer"), Spec("Neck", "Mahogany, Rounded '50s"), Spec("Fretboard", "Indian Laurel"),
                Spec("Pickups", "ProBucker 2 & 3"), Spec("Scale", "24.724\""),
            ]),
        ModelSpec(
            brand: "PRS", model: "SE Custom 24", newPriceCents: 89_900, years: 2018...2025,
            finishes: ["Charcoal Burst", "Faded Blue Burst", "Vintage Sunburst", "Black Gold Burst", "Turquoise"],
            specs: [
                Spec("Body", "Mahogany with flame maple veneer"), Spec("Neck", "Maple, Wide Thin"), Spec("Fretboard", "Rosewood, bird inlays"),
                Spec("Pickups", "85/15 \"S\" humbuckers"), Spec("Scale", "25\""),
            ]),
        ModelSpec(
            brand: "PRS", model: "Custom 24", newPriceCents: 479_900, years: 2018...2025,
            finishes: ["Whale Blue", "Fire Red Burst", "Charcoal Burst", "Black Gold Wrap Burst", "Faded Blue Jean"],
            specs: [
                Spec("Body", "Mahogany with figured maple top"), Spec("Neck", "Mahogany, Pattern Thin"), Spec("Fretboard", "Rosewood, bird inlays"),
                Spec("Pickups", "85/15 humbuckers"), Spec("Scale", "25\""), Spec("Origin", "Stevensville, MD"),
            ]),
        ModelSpec(
            brand: "PRS", model: "Silver Sky", newPriceCents: 269_900, years: 2018...2025,
            finishes: ["Frost", "Tungsten", "Onyx", "Horizon", "Moc Sand"],
            specs: [
                Spec("Body", "Alder"), Spec("Neck", "Maple, 635JM shape"), Spec("Fretboard", "Rosewood"), Spec("Pickups", "3 635JM single-coil"),
                Spec("Scale", "25.5\""),
            ]),
        ModelSpec(
            brand: "Ibanez", model: "RG550 Genesis Collection", newPriceCents: 99_999, years: 2018...2025,
            finishes: ["Road Flare Red", "Desert Sun Yellow", "Purple Neon", "Electric Blue", "Black"],
            specs: [
                Spec("Body", "Basswood"), Spec("Neck", "5-pc maple/walnut Super Wizard"), Spec("Fretboard", "Maple, jumbo frets"),
                Spec("Pickups", "V7 / S1 / V8 (HSH)"), Spec("Bridge", "Edge double-locking tremolo"), Spec("Scale", "25.5\""),
            ]),
        ModelSpec(
            brand: "Ibanez", model: "AZ2204 Prestige", newPriceCents: 219_999, years: 2018...2025,
            finishes: ["Black", "Ice Blue Metallic", "Hazy Rose Metallic"],
            specs: [
                Spec("Body", "Alder"), Spec("Neck", "S-TECH roasted maple"), Spec("Fretboard", "Roasted maple, stainless frets"),
                Spec("Pickups", "Seymour Duncan Hyperion (HSS)"), Spec("Bridge", "Gotoh T1802 tremolo"), Spec("Scale", "25.5\""),
            ]),
        ModelSpec(
            brand: "Gretsch", model: "G2622 Streamliner Center Block", newPriceCents: 49_999, years: 2016...2025,
            finishes: ["Gunmetal", "Walnut Stain", "Black", "Aspen Green"],
            specs: [
                Spec("Body", "Laminated maple, chambered spruce center block"), Spec("Neck", "Nato, thin \"U\""), Spec("Fretboard", "Laurel"),
                Spec("Pickups", "Broad'Tron BT-2S humbuckers"), Spec("Scale", "24.75\""),
            ]),
        ModelSpec(
            brand: "Gretsch", model: "G6120T Players Edition Nashville", newPriceCents: 329_999, years: 2017...2025,
            finishes: ["Orange Stain", "Roundup Orange"],
            specs: [
                Spec("Body", "Laminated maple, hollow"), Spec("Neck", "Maple, standard \"U\""), Spec("Fretboard", "Rosewood"),
                Spec("Pickups", "High Sensitive Filter'Tron"), Spec("Bridge", "Bigsby B6CP vibrato"), Spec("Scale", "24.6\""),
            ]),
    ]

    private static let acousticGuitars: [ModelSpec] = [
        ModelSpec(
            brand: "Martin", model: "D-28", newPriceCents: 329_900, years: 1970...2025,
            finishes: ["Natural", "Ambertone", "1935 Sunburst"],
            specs: [
                Spec("Top", "Solid Sitka spruce"), Spec("Back & Sides", "Solid East Indian rosewood"), Spec("Fretboard", "Ebony"),
                Spec("Body", "Dreadnought, 14-fret"), Spec("Scale", "25.4\""),
            ]),
        ModelSpec(
            brand: "Martin", model: "D-18", newPriceCents: 289_900, years: 1970...2025,
            finishes: ["Natural", "1933 Ambertone"],
            specs: [
                Spec("Top", "Solid Sitka spruce"), Spec("Back & Sides", "Solid mahogany"), Spec("Fretboard", "Ebony"),
                Spec("Body", "Dreadnought, 14-fret"), Spec("Scale", "25.4\""),
            ]),
        ModelSpec(
            brand: "Martin", model: "000-15M", newPriceCents: 159_900, years: 2010...2025,
            finishes: ["Natural Satin", "Burst"],
            specs: [
                Spec("Top", "Solid mahogany"), Spec("Back & Sides", "Solid mahogany"), Spec("Fretboard", "Rosewood"), Spec("Body", "000, 14-fret"),
                Spec("Scale", "24.9\""),
            ]),
        ModelSpec(
            brand: "Taylor", model: "214ce", newPriceCents: 129_900, years: 2014...2025,
            finishes: ["Natural", "Sunburst", "Black"],
            specs: [
                Spec("Top", "Solid Sitka spruce"), Spec("Back & Sides", "Layered rosewood"), Spec("Fretboard", "West African ebony"),
                Spec("Electronics", "Taylor ES2"), Spec("Body", "Grand Auditorium cutaway"), Spec("Scale", "25.5\""),
            ]),
        ModelSpec(
            brand: "Taylor", model: "814ce", newPriceCents: 499_900, years: 2018...2025,
            finishes: ["Natural Gloss", "Sunburst Top"],
            specs: [
                Spec("Top", "Solid Sitka spruce"), Spec("Back & Sides", "Solid Indian rosewood"), Spec("Bracing", "V-Class"),
                Spec("Electronics", "Taylor ES2"), Spec("Body", "Grand Auditorium cutaway"), Spec("Scale", "25.5\""),
            ]),
        ModelSpec(
            brand: "Taylor", model: "GS Mini-e Koa", newPriceCents: 79_900, years: 2014...2025,
            finishes: ["Natural Koa", "Koa Plus"],
            specs: [
                Spec("Top", "Solid Hawaiian koa"), Spec("Back & Sides", "Layered koa"), Spec("Electronics", "Taylor ES-B"), Spec("Body", "GS Mini"),
                Spec("Scale", "23.5\""),
            ]),
        ModelSpec(
            brand: "Yamaha", model: "FG800", newPriceCents: 21_999, years: 2016...2025,
            finishes: ["Natural", "Black", "Sunburst", "Brown Sunburst"],
            specs: [
                Spec("Top", "Solid spruce"), Spec("Back & Sides", "Nato/okume"), Spec("Fretboard", "Walnut"), Spec("Body", "Dreadnought"),
                Spec("Scale", "25\""),
            ]),
        ModelSpec(
            brand: "Yamaha", model: "LL16 ARE", newPriceCents: 109_999, years: 2014...2025,
            finishes: ["Natural", "Dark Tinted"],
            specs: [
                Spec("Top", "Solid Engelmann spruce, A.R.E. treated"), Spec("Back & Sides", "Solid rosewood"), Spec("Fretboard", "Ebony"),
                Spec("Electronics", "SRT Zero Impact passive pickup"), Spec("Scale", "25.6\""),
            ]),
        ModelSpec(
            brand: "Gibson", model: "J-45 Standard", newPriceCents: 299_900, years: 2019...2025,
            finishes: ["Vintage Sunburst", "Natural", "Cherry"],
            specs: [
                Spec("Top", "Solid Sitka spruce"), Spec("Back & Sides", "Solid mahogany"), Spec("Fretboard", "Rosewood"),
                Spec("Electronics", "LR Baggs VTC"), Spec("Body", "Round-shoulder dreadnought"), Spec("Scale", "24.75\""),
            ]),
        ModelSpec(
            brand: "Gibson", model: "Hummingbird Standard", newPriceCents: 399_900, years: 2019...2025,
            finishes: ["Heritage Cherry Sunburst", "Vintage Sunburst"],
            specs: [
                Spec("Top", "Solid Sitka spruce"), Spec("Back & Sides", "Solid mahogany"), Spec("Fretboard", "Rosewood"),
                Spec("Electronics", "LR Baggs VTC"), Spec("Scale", "24.75\""),
            ]),
        ModelSpec(
            brand: "Fender", model: "CD-60S", newPriceCents: 22_999, years: 2017...2025,
            finishes: ["Natural", "Black", "Sunburst", "All-Mahogany"],
            specs: [
                Spec("Top", "Solid spruce"), Spec("Back & Sides", "Laminated mahogany"), Spec("Fretboard", "Walnut"), Spec("Body", "Dreadnought"),
                Spec("Scale", "25.3\""),
            ]),
        ModelSpec(
            brand: "Takamine", model: "GD30CE", newPriceCents: 39_999, years: 2016...2025,
            finishes: ["Natural", "Black", "Blue Sunburst"],
            specs: [
                Spec("Top", "Solid spruce"), Spec("Back & Sides", "Mahogany"), Spec("Electronics", "TK-40D preamp with tuner"),
                Spec("Body", "Dreadnought cutaway"), Spec("Scale", "25.4\""),
            ]),
        ModelSpec(
            brand: "Seagull", model: "S6 Original", newPriceCents: 49_900, years: 2010...2025,
            finishes: ["Natural", "Burnt Umber"],
            specs: [
                Spec("Top", "Solid cedar"), Spec("Back & Sides", "Wild cherry"), Spec("Neck", "Silver leaf maple"), Spec("Fretboard", "Rosewood"),
                Spec("Scale", "25.5\""),
            ]),
        ModelSpec(
            brand: "Guild", model: "D-40 Traditional", newPriceCents: 179_900, years: 2017...2025,
            finishes: ["Natural", "Antique Sunburst"],
            specs: [
                Spec("Top", "Solid Sitka spruce"), Spec("Back & Sides", "Solid mahogany"), Spec("Fretboard", "Rosewood"), Spec("Body", "Dreadnought"),
                Spec("Scale", "25.5\""),
            ]),
    ]

    private static let bassGuitars: [ModelSpec] = [
        ModelSpec(
            brand: "Fender", model: "Player Precision Bass", newPriceCents: 84_999, years: 2018...2023,
            finishes: ["3-Color Sunburst", "Black", "Polar White", "Buttercream", "Tidepool"],
            specs: [
                Spec("Body", "Alder"), Spec("Neck", "Maple, Modern \"C\""), Spec("Fretboard", "Pau Ferro"),
                Spec("Pickups", "Player Series split single-coil"), Spec("Scale", "34\""),
            ]),
        ModelSpec(
            brand: "Fender", model: "Player Jazz Bass", newPriceCents: 84_999, years: 2018...2023,
            finishes: ["3-Color Sunburst", "Black", "Polar White", "Capri Orange"],
            specs: [
                Spec("Body", "Alder"), Spec("Neck", "Maple, Modern \"C\""), Spec("Fretboard", "Pau Ferro"),
                Spec("Pickups", "2 Player Series Jazz Bass single-coil"), Spec("Scale", "34\""),
            ]),
        ModelSpec(
            brand: "Fender", model: "American Professional II Precision Bass", newPriceCents: 189_999, years: 2020...2025,
            finishes: ["3-Color Sunburst", "Olympic White", "Dark Night", "Mercury", "Mystic Surf Green"],
            specs: [
                Spec("Body", "Alder"), Spec("Neck", "Maple, '63 \"C\""), Spec("Fretboard", "Rosewood"), Spec("Pickups", "V-Mod II split single-coil"),
                Spec("Scale", "34\""), Spec("Case", "Elite molded hardshell"),
            ]),
        ModelSpec(
            brand: "Squier", model: "Classic Vibe '60s Jazz Bass", newPriceCents: 44_999, years: 2019...2025,
            finishes: ["3-Color Sunburst", "Daphne Blue", "Olympic White", "Black"],
            specs: [
                Spec("Body", "Poplar"), Spec("Neck", "Maple, \"C\" profile"), Spec("Fretboard", "Indian Laurel"),
                Spec("Pickups", "2 Fender-designed Alnico single-coil"), Spec("Scale", "34\""),
            ]),
        ModelSpec(
            brand: "Squier", model: "Affinity Series Precision Bass PJ", newPriceCents: 27_999, years: 2021...2025,
            finishes: ["Black", "Olympic White", "Lake Placid Blue", "3-Color Sunburst"],
            specs: [
                Spec("Body", "Poplar"), Spec("Neck", "Maple"), Spec("Fretboard", "Indian Laurel"), Spec("Pickups", "Ceramic P/J"),
                Spec("Scale", "34\""),
            ]),
        ModelSpec(
            brand: "Ernie Ball Music Man", model: "StingRay Special 4 H", newPriceCents: 259_900, years: 2018...2025,
            finishes: ["Vintage Sunburst", "Black", "Chopper Blue", "Buttercream", "Firemist Silver"],
            specs: [
                Spec("Body", "Ash"), Spec("Neck", "Roasted maple"), Spec("Fretboard", "Rosewood, stainless frets"),
                Spec("Pickups", "Neodymium humbucker"), Spec("Electronics", "18V active 3-band preamp"), Spec("Scale", "34\""),
            ]),
        ModelSpec(
            brand: "Sterling by Music Man", model: "StingRay Ray4", newPriceCents: 29_999, years: 2018...2025,
            finishes: ["Black", "Vintage Sunburst", "Walnut Satin", "Pueblo Pink"],
            specs: [
                Spec("Body", "Basswood"), Spec("Neck", "Maple"), Spec("Fretboard", "Jatoba"), Spec("Pickups", "Ceramic humbucker"),
                Spec("Electronics", "Active 2-band preamp"), Spec("Scale", "34\""),
            ]),
        ModelSpec(
            brand: "Ibanez", model: "SR500E", newPriceCents: 79_999, years: 2016...2025,
            finishes: ["Brown Mahogany", "Black Flat", "Charcoal Brown Burst"],
            specs: [
                Spec("Body", "Mahogany"), Spec("Neck", "5-pc jatoba/walnut"), Spec("Fretboard", "Rosewood"),
                Spec("Pickups", "Bartolini BH2 humbuckers"), Spec("Electronics", "Ibanez AFR 3-band EQ"), Spec("Scale", "34\""),
            ]),
        ModelSpec(
            brand: "Ibanez", model: "SR300E", newPriceCents: 34_999, years: 2014...2025,
            finishes: ["Iron Pewter", "Weathered Black", "Pearl White", "Candy Apple"],
            specs: [
                Spec("Body", "Nyatoh"), Spec("Neck", "Maple"), Spec("Fretboard", "Jatoba"), Spec("Pickups", "PowerSpan Dual Coil"),
                Spec("Electronics", "Active 3-band EQ, Power Tap"), Spec("Scale", "34\""),
            ]),
        ModelSpec(
            brand: "Yamaha", model: "TRBX304", newPriceCents: 34_999, years: 2015...2025,
            finishes: ["Black", "Mist Green", "Factory Blue", "White"],
            specs: [
                Spec("Body", "Mahogany"), Spec("Neck", "5-pc maple/mahogany"), Spec("Fretboard", "Rosewood"),
                Spec("Pickups", "M3 ceramic humbuckers"), Spec("Electronics", "Performance EQ active circuit"), Spec("Scale", "34\""),
            ]),
        ModelSpec(
            brand: "Rickenbacker", model: "4003", newPriceCents: 259_900, years: 1979...2025,
            finishes: ["Fireglo", "Jetglo", "Mapleglo", "Midnight Blue"],
            specs: [
                Spec("Body", "Maple"), Spec("Neck", "Maple, neck-through"), Spec("Fretboard", "Rosewood, triangle inlays"),
                Spec("Pickups", "2 single-coil"), Spec("Scale", "33.25\""),
            ]),
        ModelSpec(
            brand: "Gibson", model: "Thunderbird Bass", newPriceCents: 229_900, years: 2020...2025,
            finishes: ["Tobacco Burst", "Ebony", "Heritage Cherry"],
            specs: [
                Spec("Body", "Mahogany wings"), Spec("Neck", "Mahogany/walnut, neck-through"), Spec("Fretboard", "Rosewood"),
                Spec("Pickups", "2 Rhythm & Lead T-Bird humbuckers"), Spec("Scale", "34\""),
            ]),
        ModelSpec(
            brand: "Hofner", model: "Ignition Violin Bass", newPriceCents: 44_999, years: 2008...2025,
            finishes: ["Sunburst", "Vintage Finish"],
            specs: [
                Spec("Body", "Hollow, flamed maple back & sides"), Spec("Top", "Spruce"), Spec("Neck", "Maple"),
                Spec("Pickups", "2 Hofner Staple-style"), Spec("Scale", "30\""),
            ]),
        ModelSpec(
            brand: "Fender", model: "American Ultra Jazz Bass", newPriceCents: 219_999, years: 2019...2023,
            finishes: ["Ultraburst", "Arctic Pearl", "Cobra Blue", "Mocha Burst"],
            specs: [
                Spec("Body", "Alder"), Spec("Neck", "Maple, Modern \"D\""), Spec("Fretboard", "Rosewood"),
                Spec("Pickups", "Ultra Noiseless Vintage Jazz Bass"), Spec("Electronics", "Active/passive 3-band EQ"), Spec("Scale", "34\""),
            ]),
    ]

    private static let classicalGuitars: [ModelSpec] = [
        ModelSpec(
            brand: "Cordoba", model: "C5", newPriceCents: 39_900, years: 2010...2025,
            finishes: ["Natural Cedar Top", "Natural Spruce Top"],
            specs: [
                Spec("Top", "Solid Canadian cedar"), Spec("Back & Sides", "Mahogany"), Spec("Fretboard", "Pau ferro"), Spec("Nut Width", "52 mm"),
                Spec("Scale", "650 mm"),
            ]),
        ModelSpec(
            brand: "Cordoba", model: "C7", newPriceCents: 59_900, years: 2010...2025,
            finishes: ["Natural Cedar Top", "Natural Spruce Top"],
            specs: [
                Spec("Top", "Solid Canadian cedar"), Spec("Back & Sides", "Indian rosewood"), Spec("Fretboard", "Pau ferro"),
                Spec("Nut Width", "52 mm"), Spec("Scale", "650 mm"),
            ]),
        ModelSpec(
            brand: "Cordoba", model: "C10", newPriceCents: 104_900, years: 2012...2025,
            finishes: ["Natural Cedar Top", "Natural Spruce Top"],
            specs: [
                Spec("Top", "Solid Canadian cedar"), Spec("Back & Sides", "Solid Indian rosewood"), Spec("Fretboard", "Ebony"),
                Spec("Case", "Polyfoam case"), Spec("Scale", "650 mm"),
            ]),
        ModelSpec(
            brand: "Cordoba", model: "Fusion 12 Natural", newPriceCents: 69_900, years: 2014...2025,
            finishes: ["Natural Spruce", "Natural Cedar"],
            specs: [
                Spec("Top", "Solid European spruce"), Spec("Back & Sides", "Indian rosewood"), Spec("Neck", "Thin profile, truss rod"),
                Spec("Electronics", "Fishman Presys Blend"), Spec("Nut Width", "48 mm"),
            ]),
        ModelSpec(
            brand: "Cordoba", model: "GK Studio Negra", newPriceCents: 79_900, years: 2014...2025,
            finishes: ["Natural", "Honey Amber"],
            specs: [
                Spec("Type", "Flamenco negra, cutaway"), Spec("Top", "Solid European spruce"), Spec("Back & Sides", "Indian rosewood"),
                Spec("Electronics", "Fishman Presys Blend"), Spec("Nut Width", "48 mm"),
            ]),
        ModelSpec(
            brand: "Yamaha", model: "C40II", newPriceCents: 15_999, years: 2015...2025,
            finishes: ["Natural Gloss", "Natural Matte"],
            specs: [
                Spec("Top", "Spruce"), Spec("Back & Sides", "Meranti"), Spec("Fretboard", "Walnut"), Spec("Nut Width", "52 mm"),
                Spec("Scale", "650 mm"),
            ]),
        ModelSpec(
            brand: "Yamaha", model: "CG192S", newPriceCents: 49_999, years: 2013...2025,
            finishes: ["Natural Spruce", "Natural Cedar (CG192C)"],
            specs: [
                Spec("Top", "Solid Engelmann spruce"), Spec("Back & Sides", "Rosewood"), Spec("Fretboard", "Ebony"), Spec("Nut Width", "52 mm"),
                Spec("Scale", "650 mm"),
            ]),
        ModelSpec(
            brand: "Yamaha", model: "NCX1", newPriceCents: 79_999, years: 2015...2025,
            finishes: ["Natural", "Black"],
            specs: [
                Spec("Top", "Solid spruce"), Spec("Back & Sides", "Nato"), Spec("Electronics", "Atmosfeel pickup system"),
                Spec("Body", "Cutaway, thinline"), Spec("Scale", "650 mm"),
            ]),
        ModelSpec(
            brand: "Alhambra", model: "4P", newPriceCents: 99_900, years: 2012...2025,
            finishes: ["Natural Cedar", "Natural Spruce"],
            specs: [
                Spec("Top", "Solid red cedar"), Spec("Back & Sides", "Indian rosewood"), Spec("Fretboard", "Ebony"),
                Spec("Origin", "Muro de Alcoy, Spain"), Spec("Scale", "650 mm"),
            ]),
        ModelSpec(
            brand: "Alhambra", model: "1C HT", newPriceCents: 49_900, years: 2016...2025,
            finishes: ["Natural Cedar", "Satin Natural"],
            specs: [
                Spec("Top", "Solid red cedar"), Spec("Back & Sides", "Sapelli"), Spec("Neck", "Hybrid Terra, 50 mm nut"), Spec("Origin", "Spain"),
                Spec("Scale", "650 mm"),
            ]),
        ModelSpec(
            brand: "Jose Ramirez", model: "4NE", newPriceCents: 299_900, years: 2010...2025,
            finishes: ["Natural Cedar", "Natural Spruce"],
            specs: [
                Spec("Top", "Solid cedar"), Spec("Back & Sides", "Solid Indian rosewood"), Spec("Fretboard", "Ebony"),
                Spec("Origin", "Madrid, Spain"), Spec("Scale", "650 mm"),
            ]),
        ModelSpec(
            brand: "La Patrie", model: "Etude", newPriceCents: 49_900, years: 2008...2025,
            finishes: ["Natural Semi-Gloss", "Natural High-Gloss"],
            specs: [
                Spec("Top", "Solid cedar"), Spec("Back & Sides", "Wild cherry"), Spec("Neck", "Mahogany"), Spec("Fretboard", "Rosewood"),
                Spec("Scale", "650 mm"),
            ]),
        ModelSpec(
            brand: "Kremona", model: "Sofia Soloist", newPriceCents: 64_900, years: 2012...2025,
            finishes: ["Natural Cedar", "Natural Spruce"],
            specs: [
                Spec("Top", "Solid red cedar"), Spec("Back & Sides", "African mahogany"), Spec("Fretboard", "Indian rosewood"),
                Spec("Origin", "Bulgaria"), Spec("Scale", "650 mm"),
            ]),
        ModelSpec(
            brand: "Ortega", model: "R121SN", newPriceCents: 19_999, years: 2014...2025,
            finishes: ["Natural Satin", "Walnut Satin"],
            specs: [
                Spec("Top", "Spruce"), Spec("Back & Sides", "African mahogany"), Spec("Neck", "Slim, 48 mm nut"), Spec("Fretboard", "Walnut"),
                Spec("Scale", "650 mm"),
            ]),
    ]

    private static let amps: [ModelSpec] = [
        ModelSpec(
            brand: "Marshall", model: "JCM800 2203 Head", newPriceCents: 269_999, years: 2002...2025,
            finishes: ["Black Levant", "Black with Gold Panel"],
            specs: [
                Spec("Type", "All-tube head"), Spec("Power", "100W"), Spec("Tubes", "3x ECC83, 4x EL34"), Spec("Channels", "1, high/low inputs"),
                Spec("Speakers", "None (head)"),
            ]),
        ModelSpec(
            brand: "Marshall", model: "DSL40CR", newPriceCents: 89_999, years: 2018...2025,
            finishes: ["Black", "Black Levant"],
            specs: [
                Spec("Type", "All-tube combo"), Spec("Power", "40W / 20W"), Spec("Tubes", "4x ECC83, 2x EL34"),
                Spec("Speakers", "1x12\" Celestion V-Type"), Spec("Effects", "Digital reverb"),
            ]),
        ModelSpec(
            brand: "Fender", model: "Blues Junior IV", newPriceCents: 69_999, years: 2018...2025,
            finishes: ["Black", "Tweed", "Blonde"],
            specs: [
                Spec("Type", "All-tube combo"), Spec("Power", "15W"), Spec("Tubes", "3x 12AX7, 2x EL84"), Spec("Speakers", "1x12\" Celestion A-Type"),
                Spec("Effects", "Spring reverb"),
            ]),
        ModelSpec(
            brand: "Fender", model: "'65 Deluxe Reverb", newPriceCents: 149_999, years: 1993...2025,
            finishes: ["Black Tolex", "Blonde"],
            specs: [
                Spec("Type", "All-tube combo"), Spec("Power", "22W"), Spec("Tubes", "4x 12AX7, 2x 12AT7, 2x 6V6, 5AR4 rectifier"),
                Spec("Speakers", "1x12\" Jensen C-12K"), Spec("Effects", "Spring reverb, tremolo"),
            ]),
        ModelSpec(
            brand: "Fender", model: "'65 Twin Reverb", newPriceCents: 189_999, years: 1991...2025,
            finishes: ["Black Tolex", "Blonde"],
            specs: [
                Spec("Type", "All-tube combo"), Spec("Power", "85W"), Spec("Tubes", "4x 12AX7, 2x 12AT7, 4x 6L6"),
                Spec("Speakers", "2x12\" Jensen C-12K"), Spec("Effects", "Spring reverb, tremolo"),
            ]),
        ModelSpec(
            brand: "Fender", model: "Hot Rod Deluxe IV", newPriceCents: 89_999, years: 2019...2025,
            finishes: ["Black", "Brown Textured"],
            specs: [
                Spec("Type", "All-tube combo"), Spec("Power", "40W"), Spec("Tubes", "3x 12AX7, 2x 6L6"), Spec("Speakers", "1x12\" Celestion A-Type"),
                Spec("Channels", "3 (Normal, Drive, More Drive)"),
            ]),
        ModelSpec(
            brand: "Vox", model: "AC30C2", newPriceCents: 129_999, years: 2010...2025,
            finishes: ["Black", "Two-Tone Classic"],
            specs: [
                Spec("Type", "All-tube combo"), Spec("Power", "30W"), Spec("Tubes", "3x 12AX7, 4x EL84"),
                Spec("Speakers", "2x12\" Celestion G12M Greenback"), Spec("Effects", "Spring reverb, tremolo"),
            ]),
        ModelSpec(
            brand: "Vox", model: "AC15C1", newPriceCents: 84_999, years: 2010...2025,
            finishes: ["Black", "Two-Tone Classic"],
            specs: [
                Spec("Type", "All-tube combo"), Spec("Power", "15W"), Spec("Tubes", "3x 12AX7, 2x EL84"),
                Spec("Speakers", "1x12\" Celestion G12M Greenback"), Spec("Effects", "Spring reverb, tremolo"),
            ]),
        ModelSpec(
            brand: "Orange", model: "Rockerverb 50 MKIII Head", newPriceCents: 229_900, years: 2015...2025,
            finishes: ["Orange", "Black"],
            specs: [
                Spec("Type", "All-tube head"), Spec("Power", "50W"), Spec("Tubes", "4x 12AX7, 1x 12AT7, 2x EL34"),
                Spec("Channels", "2 (Clean, Dirty)"), Spec("Effects", "Spring reverb, tube-driven FX loop"),
            ]),
        ModelSpec(
            brand: "Orange", model: "Crush 20RT", newPriceCents: 15_900, years: 2017...2025,
            finishes: ["Orange", "Black"],
            specs: [
                Spec("Type", "Solid-state combo"), Spec("Power", "20W"), Spec("Speakers", "1x8\" Voice of the World"),
                Spec("Effects", "Reverb, chromatic tuner"), Spec("Channels", "2"),
            ]),
        ModelSpec(
            brand: "Boss", model: "Katana-50 MkII", newPriceCents: 26_999, years: 2020...2023,
            finishes: ["Black", "Black (Grille Cloth)"],
            specs: [
                Spec("Type", "Modeling combo (Tube Logic)"), Spec("Power", "50W / 25W / 0.5W"), Spec("Speakers", "1x12\" custom"),
                Spec("Amp Types", "5 characters, 2 variations each"), Spec("Connectivity", "USB audio, phones/rec out"),
            ]),
        ModelSpec(
            brand: "Mesa/Boogie", model: "Mark VII Head", newPriceCents: 349_900, years: 2021...2025,
            finishes: ["Black Bronco", "Cream Bronco"],
            specs: [
                Spec("Type", "All-tube head"), Spec("Power", "90W / 45W / 25W"), Spec("Tubes", "12AX7 preamp, 4x 6L6 power"),
                Spec("Channels", "3 (9 modes)"), Spec("Extras", "CabClone IR, 5-band graphic EQ"),
            ]),
        ModelSpec(
            brand: "EVH", model: "5150III 50W 6L6 Head", newPriceCents: 149_999, years: 2014...2025,
            finishes: ["Black", "Ivory"],
            specs: [
                Spec("Type", "All-tube head"), Spec("Power", "50W"), Spec("Tubes", "12AX7 preamp, 2x 6L6 power"),
                Spec("Channels", "3 (Clean, Crunch, Lead)"), Spec("Speakers", "None (head)"),
            ]),
        ModelSpec(
            brand: "Roland", model: "JC-120 Jazz Chorus", newPriceCents: 139_999, years: 1975...2025,
            finishes: ["Black", "Silver Grille"],
            specs: [
                Spec("Type", "Solid-state combo"), Spec("Power", "120W (60W + 60W stereo)"), Spec("Speakers", "2x12\""),
                Spec("Effects", "Stereo chorus, vibrato, spring reverb"),
            ]),
        ModelSpec(
            brand: "Ampeg", model: "SVT-CL Head", newPriceCents: 229_999, years: 1994...2025,
            finishes: ["Black", "Blue Line (Silver Panel)"],
            specs: [
                Spec("Type", "All-tube bass head"), Spec("Power", "300W"), Spec("Tubes", "3x 12AX7, 3x 12AU7, 6x 6550"),
                Spec("EQ", "3-band with ultra lo/hi, midrange selector"),
            ]),
        ModelSpec(
            brand: "Positive Grid", model: "Spark 40", newPriceCents: 29_900, years: 2020...2025,
            finishes: ["Black", "Pearl"],
            specs: [
                Spec("Type", "Smart modeling practice amp"), Spec("Power", "40W"), Spec("Speakers", "2x4\" custom"),
                Spec("Connectivity", "Bluetooth, USB audio interface"), Spec("Amp Models", "30+ via Spark app"),
            ]),
    ]

    private static let pedals: [ModelSpec] = [
        ModelSpec(
            brand: "Boss", model: "DS-1 Distortion", newPriceCents: 5_999, years: 1978...2025,
            finishes: ["Orange", "Orange (Made in Japan)"],
            specs: [
                Spec("Type", "Distortion"), Spec("Power", "9V DC or 9V battery"), Spec("Bypass", "Buffered"), Spec("Controls", "Tone, Level, Dist"),
            ]),
        ModelSpec(
            brand: "Boss", model: "BD-2 Blues Driver", newPriceCents: 9_999, years: 1995...2025,
            finishes: ["Blue", "Blue (Made in Taiwan)"],
            specs: [
                Spec("Type", "Overdrive"), Spec("Power", "9V DC or 9V battery"), Spec("Bypass", "Buffered"), Spec("Controls", "Level, Tone, Gain"),
            ]),
        ModelSpec(
            brand: "Boss", model: "DD-8 Digital Delay", newPriceCents: 17_999, years: 2019...2025,
            finishes: ["White", "White (with original box)"],
            specs: [
                Spec("Type", "Digital delay, 11 modes"), Spec("Power", "9V DC or 9V battery"), Spec("Bypass", "Buffered"),
                Spec("Delay Time", "Up to 10 s"), Spec("I/O", "Stereo"),
            ]),
        ModelSpec(
            brand: "Boss", model: "TU-3 Chromatic Tuner", newPriceCents: 10_999, years: 2009...2025,
            finishes: ["Black", "Black (with PSA adapter)"],
            specs: [
                Spec("Type", "Chromatic tuner"), Spec("Power", "9V DC or 9V battery, 9V power out"), Spec("Bypass", "Buffered"),
                Spec("Display", "21-segment LED meter"),
            ]),
        ModelSpec(
            brand: "Ibanez", model: "Tube Screamer TS9", newPriceCents: 11_999, years: 1982...2025,
            finishes: ["Green", "Green (Reissue)"],
            specs: [
                Spec("Type", "Overdrive"), Spec("Power", "9V DC or 9V battery"), Spec("Bypass", "Buffered"), Spec("Chip", "JRC4558D"),
                Spec("Controls", "Drive, Tone, Level"),
            ]),
        ModelSpec(
            brand: "Electro-Harmonix", model: "Big Muff Pi", newPriceCents: 9_800, years: 2000...2025,
            finishes: ["Silver/Red", "Silver/Black"],
            specs: [
                Spec("Type", "Fuzz / sustainer"), Spec("Power", "9V DC or 9V battery"), Spec("Bypass", "True bypass"),
                Spec("Controls", "Volume, Tone, Sustain"),
            ]),
        ModelSpec(
            brand: "Strymon", model: "BigSky", newPriceCents: 54_900, years: 2013...2024,
            finishes: ["Blue", "Blue (with box)"],
            specs: [
                Spec("Type", "Reverb workstation, 12 machines"), Spec("Power", "9V DC, 300 mA"), Spec("Bypass", "True or buffered (selectable)"),
                Spec("I/O", "Stereo in/out, MIDI"), Spec("Presets", "300"),
            ]),
        ModelSpec(
            brand: "Strymon", model: "TimeLine", newPriceCents: 47_900, years: 2011...2024,
            finishes: ["Gold", "Gold (with box)"],
            specs: [
                Spec("Type", "Delay, 12 machines"), Spec("Power", "9V DC, 300 mA"), Spec("Bypass", "True or buffered (selectable)"),
                Spec("I/O", "Stereo in/out, MIDI"), Spec("Looper", "30 s"),
            ]),
        ModelSpec(
            brand: "MXR", model: "Phase 90", newPriceCents: 9_999, years: 1974...2025,
            finishes: ["Orange", "Orange Script Logo"],
            specs: [Spec("Type", "Phaser"), Spec("Power", "9V DC or 9V battery"), Spec("Bypass", "Hardwire bypass"), Spec("Controls", "Speed")]),
        ModelSpec(
            brand: "MXR", model: "Carbon Copy Analog Delay", newPriceCents: 17_999, years: 2008...2025,
            finishes: ["Green", "Green (Mini)"],
            specs: [
                Spec("Type", "Analog delay, bucket brigade"), Spec("Power", "9V DC or 9V battery"), Spec("Bypass", "True bypass"),
                Spec("Delay Time", "20-600 ms"), Spec("Controls", "Regen, Mix, Delay, Mod"),
            ]),
        ModelSpec(
            brand: "Dunlop", model: "Cry Baby GCB95 Wah", newPriceCents: 9_999, years: 1990...2025,
            finishes: ["Black", "Black (Classic)"],
            specs: [Spec("Type", "Wah"), Spec("Power", "9V battery"), Spec("Bypass", "Hardwire"), Spec("Inductor", "Fasel")]),
        ModelSpec(
            brand: "Walrus Audio", model: "Julia V2 Chorus/Vibrato", newPriceCents: 19_999, years: 2023...2025,
            finishes: ["Purple", "Black Ice"],
            specs: [
                Spec("Type", "Analog chorus / vibrato"), Spec("Power", "9V DC center-negative, 100 mA"), Spec("Bypass", "True bypass"),
                Spec("Controls", "Rate, Depth, Lag, D-P-V, Wave"),
            ]),
        ModelSpec(
            brand: "JHS", model: "Morning Glory V4", newPriceCents: 19_900, years: 2018...2025,
            finishes: ["Blue", "Blue (Hand-Painted Graphic)"],
            specs: [
                Spec("Type", "Transparent overdrive"), Spec("Power", "9V DC"), Spec("Bypass", "True bypass"),
                Spec("Extras", "Hi-Cut toggle, Gain 2 remote jack"),
            ]),
        ModelSpec(
            brand: "Keeley", model: "Compressor Plus", newPriceCents: 14_900, years: 2016...2025,
            finishes: ["Red", "Red (with box)"],
            specs: [
                Spec("Type", "Compressor"), Spec("Power", "9V DC"), Spec("Bypass", "True bypass"),
                Spec("Controls", "Level, Sustain, Blend, Tone, Single/Humbucker switch"),
            ]),
        ModelSpec(
            brand: "Eventide", model: "H9 Max", newPriceCents: 69_900, years: 2016...2025,
            finishes: ["Black", "Black (with Tap/Aux switch)"],
            specs: [
                Spec("Type", "Multi-algorithm harmonizer/delay/reverb"), Spec("Power", "9V DC, 500 mA"), Spec("Bypass", "Relay true or DSP bypass"),
                Spec("I/O", "Stereo, MIDI, USB"), Spec("Control", "H9 Control app, Bluetooth"),
            ]),
    ]

    private static let multiFX: [ModelSpec] = [
        ModelSpec(
            brand: "Line 6", model: "HX Stomp", newPriceCents: 69_999, years: 2018...2025,
            finishes: ["Black", "Black (with soft case)"],
            specs: [
                Spec("Engine", "HX Modeling"), Spec("Footswitches", "3 capacitive-touch"), Spec("Blocks", "Up to 8 simultaneous"),
                Spec("I/O", "Stereo in/out, send/return, MIDI, USB audio"), Spec("Power", "9V DC, 3 A"),
            ]),
        ModelSpec(
            brand: "Line 6", model: "Helix Floor", newPriceCents: 169_999, years: 2015...2025,
            finishes: ["Black", "Black (with road case)"],
            specs: [
                Spec("Engine", "HX Modeling, dual DSP"), Spec("Footswitches", "12 capacitive-touch, expression pedal"),
                Spec("I/O", "4 FX loops, XLR outs, S/PDIF, AES/EBU, USB"), Spec("Display", "6.2\" color LCD"),
            ]),
        ModelSpec(
            brand: "Line 6", model: "POD Go", newPriceCents: 54_999, years: 2020...2025,
            finishes: ["Black", "Black (with shoulder bag)"],
            specs: [
                Spec("Engine", "HX Modeling"), Spec("Footswitches", "8 + expression pedal"), Spec("Blocks", "4 user + fixed amp/cab/EQ"),
                Spec("I/O", "Stereo out, FX loop, USB audio"),
            ]),
        ModelSpec(
            brand: "Boss", model: "GT-1000", newPriceCents: 109_999, years: 2018...2025,
            finishes: ["Black", "Black (with EV-30 pedal)"],
            specs: [
                Spec("Engine", "AIRD, 32-bit float, 96 kHz"), Spec("Footswitches", "10 + expression pedal"),
                Spec("I/O", "2 FX loops, XLR outs, MIDI, USB"), Spec("Connectivity", "Bluetooth editing"),
            ]),
        ModelSpec(
            brand: "Boss", model: "GT-1000CORE", newPriceCents: 69_999, years: 2020...2025,
            finishes: ["Black", "Black (with FS-7)"],
            specs: [
                Spec("Engine", "AIRD, 32-bit float, 96 kHz"), Spec("Footswitches", "3"), Spec("I/O", "2 send/return loops, MIDI, USB"),
                Spec("Power", "9V DC or battery"),
            ]),
        ModelSpec(
            brand: "Boss", model: "GX-100", newPriceCents: 49_999, years: 2022...2025,
            finishes: ["Black", "Black (with box)"],
            specs: [
                Spec("Engine", "AIRD"), Spec("Footswitches", "8 + expression pedal"), Spec("Display", "Color touchscreen"),
                Spec("I/O", "FX loop, stereo out, USB audio"),
            ]),
        ModelSpec(
            brand: "Boss", model: "ME-90", newPriceCents: 34_999, years: 2022...2025,
            finishes: ["Black", "Black (with PSA adapter)"],
            specs: [
                Spec("Engine", "AIRD preamps"), Spec("Footswitches", "8 + expression pedal"), Spec("Power", "AA batteries or 9V DC"),
                Spec("I/O", "FX loop, stereo out, USB"),
            ]),
        ModelSpec(
            brand: "Fractal Audio", model: "Axe-Fx III Mark II", newPriceCents: 239_999, years: 2021...2025,
            finishes: ["Black", "Black (rack-mounted)"],
            specs: [
                Spec("Format", "2U rack processor"), Spec("Engine", "Cygnus X-3 modeling, 2x TI DSP"),
                Spec("I/O", "4 in / 8 out, XLR, S/PDIF, AES, USB"), Spec("Presets", "1,024"),
            ]),
        ModelSpec(
            brand: "Fractal Audio", model: "FM3 Mark II", newPriceCents: 129_999, years: 2022...2025,
            finishes: ["Black", "Black (with FC-6)"],
            specs: [
                Spec("Format", "Floor unit, 3 footswitches"), Spec("Engine", "Cygnus X-3 modeling"), Spec("I/O", "FX loop, XLR outs, USB audio"),
                Spec("Presets", "512"),
            ]),
        ModelSpec(
            brand: "Neural DSP", model: "Quad Cortex", newPriceCents: 169_900, years: 2021...2025,
            finishes: ["Black", "Black (with gig bag)"],
            specs: [
                Spec("Engine", "Quad-core SHARC DSP, Neural Capture"), Spec("Footswitches", "Rotary footswitches with capacitive touch"),
                Spec("Display", "7\" touchscreen"), Spec("I/O", "2 combo inputs, 4 FX loops, MIDI, USB"),
            ]),
        ModelSpec(
            brand: "Kemper", model: "Profiler Stage", newPriceCents: 179_900, years: 2019...2025,
            finishes: ["Black", "Black (with gig bag)"],
            specs: [
                Spec("Engine", "Profiling"), Spec("Footswitches", "10"), Spec("I/O", "XLR main out, FX loop, S/PDIF, MIDI"),
                Spec("Connectivity", "Network (Rig Manager)"),
            ]),
        ModelSpec(
            brand: "Headrush", model: "MX5", newPriceCents: 39_999, years: 2019...2025,
            finishes: ["Black", "Black (with box)"],
            specs: [
                Spec("Engine", "Eleven HD Expanded modeling"), Spec("Footswitches", "4 + expression pedal"), Spec("Display", "4\" touchscreen"),
                Spec("I/O", "Stereo out, USB audio"),
            ]),
        ModelSpec(
            brand: "Zoom", model: "G6", newPriceCents: 39_999, years: 2019...2025,
            finishes: ["Black", "Black (with AD-16 adapter)"],
            specs: [
                Spec("Effects", "135 effects, amp and cab emulations"), Spec("Footswitches", "6 + expression pedal"),
                Spec("Display", "4.3\" touchscreen"), Spec("I/O", "Stereo out, USB audio, IR loading"),
            ]),
        ModelSpec(
            brand: "Zoom", model: "MS-50G+", newPriceCents: 12_999, years: 2022...2025,
            finishes: ["Black", "Black (with box)"],
            specs: [
                Spec("Effects", "100 effects, 22 amps"), Spec("Chain", "Up to 6 effects"), Spec("Power", "AA batteries, 9V DC or USB"),
                Spec("Bypass", "Buffered"),
            ]),
        ModelSpec(
            brand: "Mooer", model: "GE200", newPriceCents: 29_999, years: 2019...2025,
            finishes: ["Black", "Black (with PSU)"],
            specs: [
                Spec("Engine", "55 amp models, 26 IRs"), Spec("Footswitches", "3 + expression pedal"), Spec("Looper", "52 s"),
                Spec("I/O", "Stereo out, USB"),
            ]),
    ]

    private static let keyboardsSynths: [ModelSpec] = [
        ModelSpec(
            brand: "Roland", model: "Juno-X", newPriceCents: 199_999, years: 2022...2025,
            finishes: ["Black", "Black/Silver"],
            specs: [
                Spec("Keys", "61, semi-weighted synth action"), Spec("Engine", "ZEN-Core, Juno-60/106 models"),
                Spec("Effects", "Chorus, delay, reverb, vocoder"), Spec("Connectivity", "USB audio/MIDI, 5-pin MIDI"),
            ]),
        ModelSpec(
            brand: "Korg", model: "Minilogue XD", newPriceCents: 64_999, years: 2019...2025,
            finishes: ["Black", "Silver"],
            specs: [
                Spec("Keys", "37 slim keys"), Spec("Voices", "4-voice analog"), Spec("Engine", "2 VCOs + digital multi-engine"),
                Spec("Sequencer", "16-step polyphonic"), Spec("Connectivity", "USB, MIDI, CV in"),
            ]),
        ModelSpec(
            brand: "Moog", model: "Subsequent 37", newPriceCents: 179_900, years: 2017...2024,
            finishes: ["Black Ash", "Black"],
            specs: [
                Spec("Keys", "37, velocity and aftertouch"), Spec("Voices", "Paraphonic, 2 VCOs"), Spec("Filter", "Moog ladder, 24 dB"),
                Spec("Presets", "256"), Spec("Connectivity", "USB, MIDI, CV/gate"),
            ]),
        ModelSpec(
            brand: "Nord", model: "Stage 4 88", newPriceCents: 499_900, years: 2022...2025,
            finishes: ["Nord Red", "Red (with soft case)"],
            specs: [
                Spec("Keys", "88, triple-sensor hammer action"), Spec("Engine", "Piano, organ, synth sections"),
                Spec("Effects", "Reverb, delay, compressor, per-section FX"), Spec("Connectivity", "USB, MIDI, 4 outs"),
            ]),
        ModelSpec(
            brand: "Nord", model: "Electro 6D 73", newPriceCents: 299_900, years: 2018...2025,
            finishes: ["Nord Red", "Red (with soft case)"],
            specs: [
                Spec("Keys", "73, semi-weighted waterfall"), Spec("Engine", "Organ, piano, sample synth"), Spec("Drawbars", "Physical"),
                Spec("Connectivity", "USB, MIDI"),
            ]),
        ModelSpec(
            brand: "Yamaha", model: "MODX7", newPriceCents: 139_999, years: 2018...2023,
            finishes: ["Black", "Black (with gig bag)"],
            specs: [
                Spec("Keys", "76, semi-weighted"), Spec("Engine", "Motion Control: AWM2 + FM-X"), Spec("Polyphony", "128 AWM2 + 64 FM-X"),
                Spec("Connectivity", "USB audio/MIDI, 5-pin MIDI"),
            ]),
        ModelSpec(
            brand: "Sequential", model: "Prophet-5 Rev4", newPriceCents: 349_900, years: 2020...2025,
            finishes: ["Black/Walnut", "Walnut"],
            specs: [
                Spec("Keys", "61, velocity and aftertouch"), Spec("Voices", "5-voice analog"), Spec("Filters", "Rev1/2 SSI and Rev3 Curtis"),
                Spec("Presets", "200 user, 200 factory"),
            ]),
        ModelSpec(
            brand: "Korg", model: "microKORG", newPriceCents: 39_999, years: 2002...2024,
            finishes: ["Black", "Silver", "Black/Gold"],
            specs: [
                Spec("Keys", "37 mini keys"), Spec("Engine", "Analog modeling"), Spec("Voices", "4"), Spec("Extras", "8-band vocoder, gooseneck mic"),
            ]),
        ModelSpec(
            brand: "Arturia", model: "MicroFreak", newPriceCents: 34_900, years: 2019...2025,
            finishes: ["Black/White", "Stellar"],
            specs: [
                Spec("Keys", "25 capacitive touch-plate"), Spec("Engine", "Digital oscillators, analog SEM-style filter"),
                Spec("Voices", "Paraphonic, 4"), Spec("Connectivity", "USB, MIDI, CV/gate"),
            ]),
        ModelSpec(
            brand: "Arturia", model: "MiniLab 3", newPriceCents: 10_999, years: 2022...2025,
            finishes: ["White", "Black", "Alpine White"],
            specs: [
                Spec("Type", "MIDI controller"), Spec("Keys", "25 slim velocity-sensitive"), Spec("Pads", "8 RGB, velocity and aftertouch"),
                Spec("Connectivity", "USB-C, MIDI out"),
            ]),
        ModelSpec(
            brand: "Novation", model: "Launchkey 49 MK3", newPriceCents: 22_999, years: 2020...2023,
            finishes: ["Black", "Black (with box)"],
            specs: [
                Spec("Type", "MIDI controller"), Spec("Keys", "49 synth-action"), Spec("Pads", "16 RGB velocity-sensitive"),
                Spec("Integration", "Ableton Live, scale/chord modes"),
            ]),
        ModelSpec(
            brand: "Native Instruments", model: "Kontrol S61 MK3", newPriceCents: 79_900, years: 2023...2025,
            finishes: ["Black", "Black (with box)"],
            specs: [
                Spec("Type", "MIDI controller"), Spec("Keys", "61, Fatar semi-weighted, polyphonic aftertouch"), Spec("Display", "8.8\" color"),
                Spec("Connectivity", "USB-C, MIDI, pedal inputs"),
            ]),
        ModelSpec(
            brand: "Roland", model: "FP-30X", newPriceCents: 69_999, years: 2021...2025,
            finishes: ["Black", "White"],
            specs: [
                Spec("Keys", "88, PHA-4 Standard weighted"), Spec("Engine", "SuperNATURAL Piano"), Spec("Polyphony", "256"),
                Spec("Speakers", "2x 11W"), Spec("Connectivity", "Bluetooth audio/MIDI, USB"),
            ]),
        ModelSpec(
            brand: "Yamaha", model: "P-125", newPriceCents: 69_999, years: 2018...2023,
            finishes: ["Black", "White"],
            specs: [
                Spec("Keys", "88, GHS weighted"), Spec("Engine", "Pure CF sampling"), Spec("Polyphony", "192"), Spec("Speakers", "2x 7W"),
                Spec("Connectivity", "USB to host"),
            ]),
        ModelSpec(
            brand: "Teenage Engineering", model: "OP-1 Field", newPriceCents: 199_900, years: 2022...2025,
            finishes: ["Aluminium", "Aluminium (with soft case)"],
            specs: [
                Spec("Type", "Portable synth/sampler"), Spec("Engine", "Multiple synth engines, 32-bit float"), Spec("Recorder", "4-track tape"),
                Spec("Battery", "Up to 24 h"), Spec("Connectivity", "USB-C, Bluetooth MIDI, FM radio"),
            ]),
        ModelSpec(
            brand: "Elektron", model: "Digitakt II", newPriceCents: 99_900, years: 2024...2025,
            finishes: ["Dark Grey", "Dark Grey (with protective cover)"],
            specs: [
                Spec("Type", "Drum computer and sampler"), Spec("Tracks", "16 stereo"), Spec("Sequencer", "Up to 128 steps per pattern"),
                Spec("Storage", "20 GB"), Spec("Connectivity", "Overbridge USB, MIDI"),
            ]),
    ]

    private static let drumsPercussion: [ModelSpec] = [
        ModelSpec(
            brand: "Pearl", model: "Export EXX 5-Piece Kit", newPriceCents: 84_999, years: 2014...2025,
            finishes: ["Jet Black", "Smokey Chrome", "Red Wine", "Grindstone Sparkle", "Honey Amber"],
            specs: [
                Spec("Configuration", "22x16, 10x7, 12x8, 16x16, 14x5.5 snare"), Spec("Shells", "Poplar/Asian mahogany"),
                Spec("Hardware", "830 series stands and pedal"), Spec("Cymbals", "Not included"),
            ]),
        ModelSpec(
            brand: "Pearl", model: "Masters Maple Complete 4-Piece Shell Pack", newPriceCents: 289_900, years: 2015...2025,
            finishes: ["Piano Black", "Matte Natural", "Almond Red Stripe", "Vintage Marine Pearl"],
            specs: [
                Spec("Configuration", "22x18, 12x8, 14x14, 16x16"), Spec("Shells", "4-ply 5.4 mm maple"), Spec("Mounts", "OptiMount suspension"),
                Spec("Hardware", "Not included"),
            ]),
        ModelSpec(
            brand: "DW", model: "Performance Series 4-Piece Shell Pack", newPriceCents: 299_900, years: 2013...2025,
            finishes: ["Ebony Stain", "Tobacco Burst", "Chrome Shadow", "White Marine"],
            specs: [
                Spec("Configuration", "22x18, 12x9, 16x14, 14x6.5 snare"), Spec("Shells", "North American hard rock maple, HVX"),
                Spec("Hardware", "Not included"), Spec("Origin", "Oxnard, CA"),
            ]),
        ModelSpec(
            brand: "Ludwig", model: "Classic Maple 3-Piece Fab Shell Pack", newPriceCents: 259_900, years: 2012...2025,
            finishes: ["Black Oyster", "Vintage Black Oyster", "Natural Maple", "Mint Oyster"],
            specs: [
                Spec("Configuration", "22x14, 13x9, 16x16"), Spec("Shells", "7-ply maple/poplar/maple"), Spec("Hardware", "Not included"),
                Spec("Origin", "Monroe, NC"),
            ]),
        ModelSpec(
            brand: "Ludwig", model: "Supraphonic LM402 14x6.5 Snare", newPriceCents: 59_900, years: 1964...2025,
            finishes: ["Chrome over Aluminum", "Smooth Chrome"],
            specs: [Spec("Size", "14x6.5"), Spec("Shell", "Seamless aluminum (Ludalloy)"), Spec("Strainer", "P85"), Spec("Lugs", "10 Imperial")]),
        ModelSpec(
            brand: "Tama", model: "Imperialstar 5-Piece Kit", newPriceCents: 89_999, years: 2017...2025,
            finishes: ["Hairline Black", "Candy Apple Mist", "Midnight Gold Vintage", "Burnt Red Mist"],
            specs: [
                Spec("Configuration", "22x16, 10x7, 12x8, 16x16, 14x5.5 snare"), Spec("Shells", "Poplar"),
                Spec("Hardware", "Stagemaster stands and pedal"), Spec("Cymbals", "Meinl HCS set included"),
            ]),
        ModelSpec(
            brand: "Gretsch", model: "Catalina Maple 4-Piece Shell Pack", newPriceCents: 99_999, years: 2014...2025,
            finishes: ["Satin Walnut Glaze", "Satin Deep Cherry Burst", "Black Stardust"],
            specs: [
                Spec("Configuration", "22x18, 12x8, 16x16, 14x6 snare"), Spec("Shells", "7-ply maple"), Spec("Mounts", "GTS suspension"),
                Spec("Hardware", "Not included"),
            ]),
        ModelSpec(
            brand: "Zildjian", model: "A Custom Crash 18\"", newPriceCents: 36_995, years: 1991...2025,
            finishes: ["Brilliant", "Brilliant (black logo)"],
            specs: [Spec("Size", "18\""), Spec("Alloy", "B20 bronze"), Spec("Weight", "Medium-thin"), Spec("Finish", "Brilliant")]),
        ModelSpec(
            brand: "Zildjian", model: "K Custom Dark Ride 20\"", newPriceCents: 49_995, years: 1995...2025,
            finishes: ["Traditional", "Traditional (stamp intact)"],
            specs: [Spec("Size", "20\""), Spec("Alloy", "B20 bronze"), Spec("Weight", "Medium-thin"), Spec("Sound", "Dark, complex, low pitch")]),
        ModelSpec(
            brand: "Meinl", model: "Byzance Traditional Medium Ride 20\"", newPriceCents: 44_900, years: 2005...2025,
            finishes: ["Traditional", "Traditional (hand-hammered)"],
            specs: [Spec("Size", "20\""), Spec("Alloy", "B20 bronze"), Spec("Weight", "Medium"), Spec("Origin", "Turkey")]),
        ModelSpec(
            brand: "Paiste", model: "2002 Sound Edge Hi-Hats 15\"", newPriceCents: 64_900, years: 1990...2025,
            finishes: ["Brilliant", "Natural"],
            specs: [Spec("Size", "15\" pair"), Spec("Alloy", "CuSn8 bronze"), Spec("Weight", "Medium-heavy"), Spec("Origin", "Switzerland")]),
        ModelSpec(
            brand: "Roland", model: "TD-17KVX V-Drums", newPriceCents: 169_999, years: 2018...2023,
            finishes: ["Black", "Black (with MDS-4V stand)"],
            specs: [
                Spec("Module", "TD-17, 50 kits, Bluetooth"), Spec("Pads", "Mesh: PDX-12 snare, PDX-8 toms"), Spec("Kick", "KD-10"),
                Spec("Cymbals", "CY-12C, CY-13R, VH-10 hi-hat"),
            ]),
        ModelSpec(
            brand: "Roland", model: "TD-07KV V-Drums", newPriceCents: 84_999, years: 2020...2025,
            finishes: ["Black", "Black (with MDS-Compact stand)"],
            specs: [
                Spec("Module", "TD-07, 25 kits, Bluetooth"), Spec("Pads", "Mesh snare and toms"), Spec("Kick", "KD-10"),
                Spec("Cymbals", "CY-5 crash/ride, CY-5 hi-hat"),
            ]),
        ModelSpec(
            brand: "Alesis", model: "Nitro Max", newPriceCents: 39_999, years: 2023...2025,
            finishes: ["Black", "Black (with throne)"],
            specs: [
                Spec("Module", "Nitro Max, 32 kits, BFD sounds"), Spec("Pads", "8\" dual-zone mesh snare, 8\" mesh toms"),
                Spec("Kick", "Tower with pedal"), Spec("Connectivity", "Bluetooth, USB-MIDI"),
            ]),
        ModelSpec(
            brand: "Meinl", model: "Headliner String Cajon", newPriceCents: 9_999, years: 2016...2025,
            finishes: ["Natural", "Walnut Brown"],
            specs: [Spec("Size", "11.75\" x 11.75\" x 18.5\""), Spec("Body", "Rubberwood"), Spec("Snare", "Internal strings")]),
        ModelSpec(
            brand: "DW", model: "9000 Single Bass Drum Pedal", newPriceCents: 45_999, years: 2000...2025,
            finishes: ["Chrome", "Chrome/Black"],
            specs: [
                Spec("Drive", "Single chain"), Spec("Cam", "Adjustable Turbo/Accelerator"), Spec("Footboard", "Extended, Tri-Pivot toe clamp"),
                Spec("Case", "Included"),
            ]),
    ]

    private static let interfaces: [ModelSpec] = [
        ModelSpec(
            brand: "Focusrite", model: "Scarlett 2i2 4th Gen", newPriceCents: 19_999, years: 2023...2025,
            finishes: ["Scarlett Red", "Red (with box)"],
            specs: [
                Spec("I/O", "2 in / 2 out"), Spec("Preamps", "2 mic, Auto Gain, Clip Safe"), Spec("Sample Rate", "Up to 192 kHz / 24-bit"),
                Spec("Connection", "USB-C, bus-powered"),
            ]),
        ModelSpec(
            brand: "Focusrite", model: "Scarlett 2i2 3rd Gen", newPriceCents: 16_999, years: 2019...2023,
            finishes: ["Scarlett Red", "Red (with box)"],
            specs: [
                Spec("I/O", "2 in / 2 out"), Spec("Preamps", "2 mic, Air mode"), Spec("Sample Rate", "Up to 192 kHz / 24-bit"),
                Spec("Connection", "USB-C, bus-powered"),
            ]),
        ModelSpec(
            brand: "Focusrite", model: "Scarlett 18i20 4th Gen", newPriceCents: 59_999, years: 2023...2025,
            finishes: ["Scarlett Red", "Red (rack ears fitted)"],
            specs: [
                Spec("I/O", "18 in / 20 out"), Spec("Preamps", "8 mic"), Spec("Sample Rate", "Up to 192 kHz / 24-bit"),
                Spec("Digital", "ADAT, S/PDIF"), Spec("Format", "1U rack"),
            ]),
        ModelSpec(
            brand: "Focusrite", model: "Clarett+ 4Pre", newPriceCents: 69_999, years: 2021...2025,
            finishes: ["Red", "Red (with box)"],
            specs: [
                Spec("I/O", "18 in / 8 out"), Spec("Preamps", "4 Clarett mic with Air"), Spec("Sample Rate", "Up to 192 kHz / 24-bit"),
                Spec("Connection", "USB-C"),
            ]),
        ModelSpec(
            brand: "Universal Audio", model: "Apollo Twin X DUO", newPriceCents: 99_900, years: 2019...2025,
            finishes: ["Black/Silver", "Black (with box)"],
            specs: [
                Spec("I/O", "10 in / 6 out"), Spec("Preamps", "2 Unison mic"), Spec("DSP", "UAD-2 DUO"),
                Spec("Sample Rate", "Up to 192 kHz / 24-bit"), Spec("Connection", "Thunderbolt 3"),
            ]),
        ModelSpec(
            brand: "Universal Audio", model: "Apollo x8", newPriceCents: 299_900, years: 2019...2025,
            finishes: ["Black/Silver", "Black (rack-mounted)"],
            specs: [
                Spec("I/O", "18 in / 24 out"), Spec("Preamps", "4 Unison mic"), Spec("DSP", "UAD-2 HEXA Core"),
                Spec("Sample Rate", "Up to 192 kHz / 24-bit"), Spec("Connection", "Thunderbolt 3"),
            ]),
        ModelSpec(
            brand: "Universal Audio", model: "Volt 2", newPriceCents: 13_900, years: 2021...2025,
            finishes: ["Grey", "Grey (with box)"],
            specs: [
                Spec("I/O", "2 in / 2 out"), Spec("Preamps", "2 mic with Vintage mode"), Spec("Sample Rate", "Up to 192 kHz / 24-bit"),
                Spec("Connection", "USB-C, bus-powered"),
            ]),
        ModelSpec(
            brand: "PreSonus", model: "AudioBox USB 96", newPriceCents: 9_995, years: 2012...2025,
            finishes: ["Blue", "Black (25th Anniversary)"],
            specs: [
                Spec("I/O", "2 in / 2 out"), Spec("Preamps", "2 Class A mic"), Spec("Sample Rate", "Up to 96 kHz / 24-bit"),
                Spec("Connection", "USB 2.0, bus-powered"),
            ]),
        ModelSpec(
            brand: "PreSonus", model: "Studio 1824c", newPriceCents: 49_999, years: 2019...2025,
            finishes: ["Black", "Black (rack-mounted)"],
            specs: [
                Spec("I/O", "18 in / 20 out"), Spec("Preamps", "8 XMAX mic"), Spec("Sample Rate", "Up to 192 kHz / 24-bit"),
                Spec("Digital", "ADAT, S/PDIF"), Spec("Connection", "USB-C"),
            ]),
        ModelSpec(
            brand: "MOTU", model: "M2", newPriceCents: 19_999, years: 2019...2025,
            finishes: ["Black", "Black (with box)"],
            specs: [
                Spec("I/O", "2 in / 2 out"), Spec("Converters", "ESS Sabre32 Ultra DAC"), Spec("Sample Rate", "Up to 192 kHz / 24-bit"),
                Spec("Metering", "Full-color LCD"), Spec("Connection", "USB-C, bus-powered"),
            ]),
        ModelSpec(
            brand: "MOTU", model: "UltraLite mk5", newPriceCents: 64_999, years: 2020...2025,
            finishes: ["Silver", "Silver (rack ears fitted)"],
            specs: [
                Spec("I/O", "18 in / 22 out"), Spec("Preamps", "2 mic"), Spec("Sample Rate", "Up to 192 kHz / 24-bit"),
                Spec("Digital", "Optical, S/PDIF, MIDI"), Spec("Format", "Half-rack"),
            ]),
        ModelSpec(
            brand: "RME", model: "Babyface Pro FS", newPriceCents: 99_900, years: 2019...2025,
            finishes: ["Blue", "Blue (with carry bag)"],
            specs: [
                Spec("I/O", "12 in / 12 out"), Spec("Preamps", "2 mic"), Spec("Clock", "SteadyClock FS"),
                Spec("Sample Rate", "Up to 192 kHz / 24-bit"), Spec("Connection", "USB 2.0, bus-powered"),
            ]),
        ModelSpec(
            brand: "RME", model: "Fireface UCX II", newPriceCents: 149_900, years: 2021...2025,
            finishes: ["Silver", "Silver (rack ears fitted)"],
            specs: [
                Spec("I/O", "20 in / 20 out"), Spec("Preamps", "2 mic"), Spec("Extras", "DURec recorder, TotalMix FX"),
                Spec("Sample Rate", "Up to 192 kHz / 24-bit"), Spec("Connection", "USB 2.0"),
            ]),
        ModelSpec(
            brand: "Audient", model: "iD14 MkII", newPriceCents: 29_900, years: 2021...2025,
            finishes: ["Black", "Black (with box)"],
            specs: [
                Spec("I/O", "10 in / 6 out"), Spec("Preamps", "2 Audient console mic"), Spec("Digital", "ADAT in"),
                Spec("Sample Rate", "Up to 96 kHz / 24-bit"), Spec("Connection", "USB-C"),
            ]),
        ModelSpec(
            brand: "Solid State Logic", model: "SSL 2+", newPriceCents: 27_999, years: 2020...2025,
            finishes: ["Black", "Black (with box)"],
            specs: [
                Spec("I/O", "2 in / 4 out"), Spec("Preamps", "2 mic with Legacy 4K"), Spec("Sample Rate", "Up to 192 kHz / 24-bit"),
                Spec("Extras", "MIDI in/out, 2 headphone outs"), Spec("Connection", "USB-C"),
            ]),
    ]

    private static let microphones: [ModelSpec] = [
        ModelSpec(
            brand: "Shure", model: "SM58", newPriceCents: 9_900, years: 1990...2025,
            finishes: ["Charcoal Gray", "Charcoal Gray (with on/off switch)"],
            specs: [Spec("Type", "Dynamic"), Spec("Pattern", "Cardioid"), Spec("Frequency Response", "50 Hz - 15 kHz"), Spec("Connector", "XLR")]),
        ModelSpec(
            brand: "Shure", model: "SM57", newPriceCents: 9_900, years: 1990...2025,
            finishes: ["Charcoal Gray", "Charcoal Gray (with A2WS windscreen)"],
            specs: [Spec("Type", "Dynamic"), Spec("Pattern", "Cardioid"), Spec("Frequency Response", "40 Hz - 15 kHz"), Spec("Connector", "XLR")]),
        ModelSpec(
            brand: "Shure", model: "SM7B", newPriceCents: 39_900, years: 2001...2025,
            finishes: ["Black", "Black (with A7WS windscreen)"],
            specs: [
                Spec("Type", "Dynamic"), Spec("Pattern", "Cardioid"), Spec("Frequency Response", "50 Hz - 20 kHz"),
                Spec("Extras", "Bass roll-off and presence switches"), Spec("Connector", "XLR"),
            ]),
        ModelSpec(
            brand: "Shure", model: "Beta 58A", newPriceCents: 16_900, years: 1996...2025,
            finishes: ["Matte Silver", "Matte Silver (with case)"],
            specs: [
                Spec("Type", "Dynamic"), Spec("Pattern", "Supercardioid"), Spec("Frequency Response", "50 Hz - 16 kHz"), Spec("Connector", "XLR"),
            ]),
        ModelSpec(
            brand: "Neumann", model: "U 87 Ai", newPriceCents: 359_900, years: 1986...2025,
            finishes: ["Nickel", "Black (mt)"],
            specs: [
                Spec("Type", "Large-diaphragm condenser"), Spec("Pattern", "Omni, cardioid, figure-8"), Spec("Pad", "-10 dB"),
                Spec("Power", "48V phantom"), Spec("Included", "EA 87 shock mount, wooden box"),
            ]),
        ModelSpec(
            brand: "Neumann", model: "TLM 103", newPriceCents: 119_900, years: 1997...2025,
            finishes: ["Nickel", "Black (mt)"],
            specs: [
                Spec("Type", "Large-diaphragm condenser"), Spec("Pattern", "Cardioid"), Spec("Self-Noise", "7 dB-A"), Spec("Power", "48V phantom"),
            ]),
        ModelSpec(
            brand: "AKG", model: "C414 XLII", newPriceCents: 109_900, years: 2004...2025,
            finishes: ["Champagne Gold", "Champagne Gold (matched pair)"],
            specs: [
                Spec("Type", "Large-diaphragm condenser"), Spec("Pattern", "9 selectable"), Spec("Pad", "-6 / -12 / -18 dB"),
                Spec("Power", "48V phantom"), Spec("Included", "Shock mount, windscreen, case"),
            ]),
        ModelSpec(
            brand: "AKG", model: "C214", newPriceCents: 39_900, years: 2008...2025,
            finishes: ["Dark Grey", "Dark Grey (matched pair)"],
            specs: [Spec("Type", "Large-diaphragm condenser"), Spec("Pattern", "Cardioid"), Spec("Pad", "-20 dB"), Spec("Power", "48V phantom")]),
        ModelSpec(
            brand: "Audio-Technica", model: "AT2020", newPriceCents: 9_900, years: 2004...2025,
            finishes: ["Black", "Black (USB-X version)"],
            specs: [
                Spec("Type", "Condenser"), Spec("Pattern", "Cardioid"), Spec("Frequency Response", "20 Hz - 20 kHz"), Spec("Power", "48V phantom"),
            ]),
        ModelSpec(
            brand: "Audio-Technica", model: "AT4040", newPriceCents: 29_900, years: 1999...2025,
            finishes: ["Black", "Black (with AT8449a shock mount)"],
            specs: [
                Spec("Type", "Large-diaphragm condenser"), Spec("Pattern", "Cardioid"), Spec("Pad", "-10 dB"), Spec("High-Pass", "80 Hz, 12 dB/oct"),
                Spec("Power", "48V phantom"),
            ]),
        ModelSpec(
            brand: "Rode", model: "NT1 5th Generation", newPriceCents: 26_900, years: 2021...2025,
            finishes: ["Silver", "Black"],
            specs: [
                Spec("Type", "Large-diaphragm condenser"), Spec("Pattern", "Cardioid"), Spec("Outputs", "XLR and USB-C, 32-bit float"),
                Spec("Self-Noise", "4 dB-A"),
            ]),
        ModelSpec(
            brand: "Rode", model: "PodMic", newPriceCents: 9_900, years: 2019...2025,
            finishes: ["Black", "White"],
            specs: [Spec("Type", "Dynamic"), Spec("Pattern", "Cardioid"), Spec("Use", "Broadcast / podcast"), Spec("Connector", "XLR")]),
        ModelSpec(
            brand: "Sennheiser", model: "e609 Silver", newPriceCents: 9_995, years: 2003...2025,
            finishes: ["Silver", "Silver (with clip)"],
            specs: [Spec("Type", "Dynamic, side-address"), Spec("Pattern", "Supercardioid"), Spec("Use", "Guitar cabinet"), Spec("Connector", "XLR")]),
        ModelSpec(
            brand: "Sennheiser", model: "MD 421-II", newPriceCents: 37_995, years: 2002...2024,
            finishes: ["Black", "Black (with MZQ 421 clip)"],
            specs: [
                Spec("Type", "Dynamic"), Spec("Pattern", "Cardioid"), Spec("Bass Roll-Off", "5-position"),
                Spec("Frequency Response", "30 Hz - 17 kHz"), Spec("Connector", "XLR"),
            ]),
        ModelSpec(
            brand: "Electro-Voice", model: "RE20", newPriceCents: 44_900, years: 1968...2025,
            finishes: ["Fawn Beige", "Black (RE20-BLACK)"],
            specs: [
                Spec("Type", "Dynamic"), Spec("Pattern", "Cardioid, Variable-D"), Spec("Frequency Response", "45 Hz - 18 kHz"),
                Spec("Connector", "XLR"),
            ]),
        ModelSpec(
            brand: "Royer", model: "R-121", newPriceCents: 139_900, years: 1998...2025,
            finishes: ["Satin Nickel", "Matte Black"],
            specs: [Spec("Type", "Passive ribbon"), Spec("Pattern", "Figure-8"), Spec("Max SPL", "135 dB"), Spec("Origin", "Burbank, CA")]),
        ModelSpec(
            brand: "Warm Audio", model: "WA-87 R2", newPriceCents: 59_900, years: 2018...2025,
            finishes: ["Nickel", "Black"],
            specs: [
                Spec("Type", "Large-diaphragm condenser"), Spec("Pattern", "Omni, cardioid, figure-8"), Spec("Pad", "-10 dB"),
                Spec("Components", "CineMag transformer, Wima caps"),
            ]),
    ]

    private static let monitors: [ModelSpec] = [
        ModelSpec(
            brand: "Yamaha", model: "HS8", newPriceCents: 39_999, years: 2013...2025,
            finishes: ["Black", "White"],
            specs: [
                Spec("Woofer", "8\""), Spec("Tweeter", "1\" dome"), Spec("Power", "75W + 45W bi-amp"), Spec("Frequency Response", "38 Hz - 30 kHz"),
                Spec("Sold As", "Single"),
            ]),
        ModelSpec(
            brand: "Yamaha", model: "HS5", newPriceCents: 19_999, years: 2013...2025,
            finishes: ["Black", "White"],
            specs: [
                Spec("Woofer", "5\""), Spec("Tweeter", "1\" dome"), Spec("Power", "45W + 25W bi-amp"), Spec("Frequency Response", "54 Hz - 30 kHz"),
                Spec("Sold As", "Single"),
            ]),
        ModelSpec(
            brand: "Adam Audio", model: "T7V", newPriceCents: 24_999, years: 2019...2025,
            finishes: ["Black", "Black (with box)"],
            specs: [
                Spec("Woofer", "7\""), Spec("Tweeter", "U-ART ribbon"), Spec("Power", "20W + 50W Class D"),
                Spec("Frequency Response", "39 Hz - 25 kHz"), Spec("Sold As", "Single"),
            ]),
        ModelSpec(
            brand: "Adam Audio", model: "A7V", newPriceCents: 99_900, years: 2022...2025,
            finishes: ["Black", "Black (with box)"],
            specs: [
                Spec("Woofer", "7\""), Spec("Tweeter", "X-ART ribbon"), Spec("Power", "130W + 20W"), Spec("DSP", "Sonarworks-ready, dual voicing"),
                Spec("Sold As", "Single"),
            ]),
        ModelSpec(
            brand: "KRK", model: "Rokit 5 G4", newPriceCents: 17_900, years: 2019...2025,
            finishes: ["Black", "White Noise"],
            specs: [
                Spec("Woofer", "5\" Kevlar"), Spec("Tweeter", "1\" Kevlar"), Spec("Power", "55W Class D"), Spec("DSP", "25-setting EQ, LCD"),
                Spec("Sold As", "Single"),
            ]),
        ModelSpec(
            brand: "KRK", model: "Rokit 8 G4", newPriceCents: 27_900, years: 2019...2025,
            finishes: ["Black", "White Noise"],
            specs: [
                Spec("Woofer", "8\" Kevlar"), Spec("Tweeter", "1\" Kevlar"), Spec("Power", "203W Class D"), Spec("DSP", "25-setting EQ, LCD"),
                Spec("Sold As", "Single"),
            ]),
        ModelSpec(
            brand: "Genelec", model: "8030C", newPriceCents: 77_500, years: 2016...2025,
            finishes: ["Dark Grey", "White", "Black", "Raw Aluminium"],
            specs: [
                Spec("Woofer", "5\""), Spec("Tweeter", "0.75\" metal dome"), Spec("Power", "50W + 50W"),
                Spec("Enclosure", "Die-cast aluminium, DCW waveguide"), Spec("Sold As", "Single"),
            ]),
        ModelSpec(
            brand: "Genelec", model: "8341A SAM", newPriceCents: 259_000, years: 2016...2025,
            finishes: ["Dark Grey", "White", "Black"],
            specs: [
                Spec("Design", "3-way coaxial, dual 6.5\" woofers"), Spec("Power", "250W + 150W + 150W"), Spec("DSP", "SAM, GLM calibration"),
                Spec("Frequency Response", "38 Hz - 37 kHz"), Spec("Sold As", "Single"),
            ]),
        ModelSpec(
            brand: "Neumann", model: "KH 120 II", newPriceCents: 84_900, years: 2023...2025,
            finishes: ["Anthracite", "Nickel"],
            specs: [
                Spec("Woofer", "5.25\""), Spec("Tweeter", "1\" titanium fabric dome"), Spec("Power", "145W + 100W"),
                Spec("DSP", "MA 1 automatic alignment"), Spec("Sold As", "Single"),
            ]),
        ModelSpec(
            brand: "Focal", model: "Alpha 65 Evo", newPriceCents: 49_900, years: 2021...2025,
            finishes: ["Black", "Black (with box)"],
            specs: [
                Spec("Woofer", "6.5\" Slatefiber"), Spec("Tweeter", "1\" aluminium inverted dome"), Spec("Power", "55W + 35W Class AB"),
                Spec("Frequency Response", "40 Hz - 22 kHz"), Spec("Sold As", "Single"),
            ]),
        ModelSpec(
            brand: "Focal", model: "Shape 65", newPriceCents: 99_900, years: 2017...2025,
            finishes: ["Walnut", "Walnut/Black"],
            specs: [
                Spec("Woofer", "6.5\" flax sandwich"), Spec("Tweeter", "1\" M-shaped aluminium/magnesium"),
                Spec("Passive Radiators", "2 side-firing"), Spec("Power", "105W + 50W"), Spec("Sold As", "Single"),
            ]),
        ModelSpec(
            brand: "JBL", model: "305P MkII", newPriceCents: 14_999, years: 2017...2025,
            finishes: ["Black", "White"],
            specs: [
                Spec("Woofer", "5\""), Spec("Tweeter", "1\" soft dome, Image Control Waveguide"), Spec("Power", "41W + 41W Class D"),
                Spec("Frequency Response", "49 Hz - 20 kHz"), Spec("Sold As", "Single"),
            ]),
        ModelSpec(
            brand: "JBL", model: "308P MkII", newPriceCents: 24_999, years: 2017...2025,
            finishes: ["Black", "White"],
            specs: [
                Spec("Woofer", "8\""), Spec("Tweeter", "1\" soft dome, Image Control Waveguide"), Spec("Power", "56W + 56W Class D"),
                Spec("Frequency Response", "37 Hz - 20 kHz"), Spec("Sold As", "Single"),
            ]),
        ModelSpec(
            brand: "PreSonus", model: "Eris E3.5", newPriceCents: 9_999, years: 2019...2023,
            finishes: ["Black", "Black (with cables)"],
            specs: [
                Spec("Woofer", "3.5\" woven composite"), Spec("Tweeter", "1\" silk dome"), Spec("Power", "25W per side"),
                Spec("Extras", "Front headphone and aux jacks"), Spec("Sold As", "Pair"),
            ]),
        ModelSpec(
            brand: "Kali Audio", model: "LP-6 V2", newPriceCents: 19_900, years: 2021...2025,
            finishes: ["Black", "White"],
            specs: [
                Spec("Woofer", "6.5\""), Spec("Tweeter", "1\" soft dome"), Spec("Power", "40W + 40W Class D"),
                Spec("Frequency Response", "39 Hz - 25 kHz"), Spec("Sold As", "Single"),
            ]),
        ModelSpec(
            brand: "IK Multimedia", model: "iLoud Micro Monitor", newPriceCents: 34_999, years: 2016...2025,
            finishes: ["Black", "White"],
            specs: [
                Spec("Woofer", "3\""), Spec("Tweeter", "0.75\" silk dome"), Spec("Power", "50W RMS total"),
                Spec("Connectivity", "Bluetooth, RCA, 1/8\""), Spec("Sold As", "Pair"),
            ]),
    ]

    private static let djGear: [ModelSpec] = [
        ModelSpec(
            brand: "Pioneer DJ", model: "DDJ-FLX4", newPriceCents: 29_900, years: 2022...2025,
            finishes: ["Black", "Black (with box)"],
            specs: [
                Spec("Type", "2-channel DJ controller"), Spec("Software", "rekordbox, Serato DJ Lite"), Spec("Features", "Smart CFX, Smart Fader"),
                Spec("Connection", "USB-C, bus-powered"),
            ]),
        ModelSpec(
            brand: "Pioneer DJ", model: "DDJ-1000", newPriceCents: 119_900, years: 2018...2024,
            finishes: ["Black", "Black (with Decksaver)"],
            specs: [
                Spec("Type", "4-channel DJ controller"), Spec("Software", "rekordbox"), Spec("Jog Wheels", "Full-size with on-jog displays"),
                Spec("Outputs", "XLR master, booth, 2 mic inputs"),
            ]),
        ModelSpec(
            brand: "Pioneer DJ", model: "DDJ-REV7", newPriceCents: 189_900, years: 2021...2025,
            finishes: ["Black", "Black (with flight case)"],
            specs: [
                Spec("Type", "2-channel scratch controller"), Spec("Software", "Serato DJ Pro, rekordbox"),
                Spec("Jog Wheels", "7\" motorized platters"), Spec("Mixer", "Battle-style, Magvel Fader Pro"),
            ]),
        ModelSpec(
            brand: "Pioneer DJ", model: "CDJ-3000", newPriceCents: 259_900, years: 2020...2025,
            finishes: ["Black", "Black (with Decksaver)"],
            specs: [
                Spec("Type", "Professional multi player"), Spec("Display", "9\" touchscreen"), Spec("Media", "USB, SD, Pro DJ Link"),
                Spec("Audio", "96 kHz / 32-bit DAC"),
            ]),
        ModelSpec(
            brand: "Pioneer DJ", model: "DJM-900NXS2", newPriceCents: 219_900, years: 2016...2025,
            finishes: ["Black", "Black (with Decksaver)"],
            specs: [
                Spec("Type", "4-channel club mixer"), Spec("Effects", "Beat FX, Sound Color FX"), Spec("Audio", "96 kHz / 64-bit processing"),
                Spec("Connectivity", "USB sound card, Pro DJ Link"),
            ]),
        ModelSpec(
            brand: "Pioneer DJ", model: "DJM-A9", newPriceCents: 269_900, years: 2022...2025,
            finishes: ["Black", "Black (with Decksaver)"],
            specs: [
                Spec("Type", "4-channel club mixer"), Spec("Effects", "Beat FX, Sound Color FX, X-Pad"),
                Spec("Connectivity", "2 USB-C, Bluetooth input, Pro DJ Link"), Spec("Audio", "96 kHz / 32-bit"),
            ]),
        ModelSpec(
            brand: "Pioneer DJ", model: "XDJ-RX3", newPriceCents: 219_900, years: 2021...2025,
            finishes: ["Black", "Black (with flight case)"],
            specs: [
                Spec("Type", "2-channel all-in-one system"), Spec("Display", "10.1\" touchscreen"), Spec("Media", "USB, rekordbox export"),
                Spec("Effects", "Beat FX, Sound Color FX"),
            ]),
        ModelSpec(
            brand: "Technics", model: "SL-1200MK7", newPriceCents: 109_999, years: 2019...2025,
            finishes: ["Black", "Silver"],
            specs: [
                Spec("Type", "Direct-drive turntable"), Spec("Motor", "Coreless direct drive"), Spec("Speeds", "33/45/78 rpm"),
                Spec("Pitch", "+/-8% and +/-16%"), Spec("Extras", "Reverse play"),
            ]),
        ModelSpec(
            brand: "Rane", model: "Seventy", newPriceCents: 149_900, years: 2022...2025,
            finishes: ["Black", "Black (with Decksaver)"],
            specs: [
                Spec("Type", "2-channel battle mixer"), Spec("Software", "Serato DJ Pro"), Spec("Crossfader", "MAG FOUR"),
                Spec("Connectivity", "Dual USB"),
            ]),
        ModelSpec(
            brand: "Rane", model: "One", newPriceCents: 129_900, years: 2020...2025,
            finishes: ["Black", "Black (with Decksaver)"],
            specs: [
                Spec("Type", "2-channel motorized controller"), Spec("Software", "Serato DJ Pro"), Spec("Platters", "7.2\" motorized, 12\" vinyl"),
                Spec("Crossfader", "MAG FOUR"),
            ]),
        ModelSpec(
            brand: "Denon DJ", model: "Prime 4+", newPriceCents: 229_900, years: 2023...2025,
            finishes: ["Black", "Black (with flight case)"],
            specs: [
                Spec("Type", "4-deck standalone system"), Spec("Display", "10\" touchscreen"),
                Spec("Streaming", "Amazon Music, Beatport, TIDAL over Wi-Fi"), Spec("Extras", "Amazon Alexa, Stems"),
            ]),
        ModelSpec(
            brand: "Denon DJ", model: "SC6000 Prime", newPriceCents: 159_900, years: 2020...2025,
            finishes: ["Black", "Black (with Decksaver)"],
            specs: [
                Spec("Type", "Standalone media player"), Spec("Display", "10.1\" touchscreen"), Spec("Media", "USB, SD, internal drive bay"),
                Spec("Jog Wheel", "8.5\" with display"),
            ]),
        ModelSpec(
            brand: "Numark", model: "Mixtrack Pro FX", newPriceCents: 24_900, years: 2020...2025,
            finishes: ["Black", "Black (with box)"],
            specs: [
                Spec("Type", "2-deck DJ controller"), Spec("Software", "Serato DJ Lite"), Spec("Jog Wheels", "6\" capacitive"),
                Spec("Outputs", "RCA master, 1/4\" and 1/8\" headphones"),
            ]),
        ModelSpec(
            brand: "Native Instruments", model: "Traktor Kontrol S4 MK3", newPriceCents: 79_900, years: 2018...2024,
            finishes: ["Black", "Black (with Decksaver)"],
            specs: [
                Spec("Type", "4-channel DJ controller"), Spec("Software", "Traktor Pro"), Spec("Jog Wheels", "Haptic Drive motorized"),
                Spec("Audio", "Built-in 24-bit sound card"),
            ]),
        ModelSpec(
            brand: "Audio-Technica", model: "AT-LP120XUSB", newPriceCents: 34_900, years: 2019...2025,
            finishes: ["Black", "Silver"],
            specs: [
                Spec("Type", "Direct-drive turntable"), Spec("Speeds", "33/45/78 rpm"), Spec("Cartridge", "AT-VM95E"),
                Spec("Outputs", "Switchable phono preamp, USB"),
            ]),
        ModelSpec(
            brand: "Allen & Heath", model: "Xone:96", newPriceCents: 189_900, years: 2018...2025,
            finishes: ["Black", "Black (with Decksaver)"],
            specs: [
                Spec("Type", "6-channel analog club mixer"), Spec("Filters", "Dual analog VCF"),
                Spec("Connectivity", "Dual 32-channel USB sound cards"), Spec("Outputs", "XLR main, booth, record"),
            ]),
    ]

    private static let accessories: [ModelSpec] = [
        ModelSpec(
            brand: "Ernie Ball", model: "Regular Slinky Strings 10-46", newPriceCents: 799, years: 2020...2025,
            finishes: ["Nickel Wound", "Cobalt", "M-Steel", "Paradigm"],
            specs: [
                Spec("Gauges", ".010 .013 .017 .026 .036 .046"), Spec("Instrument", "Electric guitar"), Spec("Core", "Hex-shaped steel"),
                Spec("Pack", "1 set"),
            ]),
        ModelSpec(
            brand: "D'Addario", model: "EJ16 Phosphor Bronze Strings 12-53", newPriceCents: 899, years: 2020...2025,
            finishes: ["Single Set", "3-Pack", "10-Pack"],
            specs: [
                Spec("Gauges", ".012 .016 .024 .032 .042 .053"), Spec("Instrument", "Acoustic guitar"), Spec("Material", "Phosphor bronze"),
                Spec("Core", "Hex"),
            ]),
        ModelSpec(
            brand: "Elixir", model: "Nanoweb Electric Strings 10-46", newPriceCents: 1_499, years: 2020...2025,
            finishes: ["Nickel Plated Steel", "Optiweb Coated"],
            specs: [
                Spec("Gauges", ".010 .013 .017 .026 .036 .046"), Spec("Instrument", "Electric guitar"), Spec("Coating", "Ultra-thin Nanoweb"),
                Spec("Pack", "1 set"),
            ]),
        ModelSpec(
            brand: "Dunlop", model: "Tortex Standard Picks (12-Pack)", newPriceCents: 599, years: 2020...2025,
            finishes: ["Red .50mm", "Orange .60mm", "Yellow .73mm", "Green .88mm", "Blue 1.0mm", "Purple 1.14mm"],
            specs: [Spec("Material", "Tortex (Delrin)"), Spec("Shape", "Standard 351"), Spec("Quantity", "12 picks")]),
        ModelSpec(
            brand: "Dunlop", model: "Jazz III Nylon Picks (6-Pack)", newPriceCents: 599, years: 2020...2025,
            finishes: ["Red", "Black"],
            specs: [Spec("Material", "Nylon"), Spec("Thickness", "1.38 mm"), Spec("Shape", "Jazz III, sharp tip"), Spec("Quantity", "6 picks")]),
        ModelSpec(
            brand: "Mogami", model: "Gold Instrument Cable 10 ft", newPriceCents: 6_995, years: 2015...2025,
            finishes: ["Straight-Straight", "Straight-Right Angle"],
            specs: [
                Spec("Length", "10 ft"), Spec("Connectors", "Neutrik gold-plated 1/4\""), Spec("Conductor", "Oxygen-free copper"),
                Spec("Warranty", "Lifetime"),
            ]),
        ModelSpec(
            brand: "Mogami", model: "Gold Studio XLR Cable 10 ft", newPriceCents: 6_495, years: 2015...2025,
            finishes: ["Black", "Black (Neutrik connectors)"],
            specs: [
                Spec("Length", "10 ft"), Spec("Connectors", "Neutrik gold-contact XLR"), Spec("Cable", "Mogami 2534 quad"),
                Spec("Warranty", "Lifetime"),
            ]),
        ModelSpec(
            brand: "Hercules", model: "GS414B Plus Guitar Stand", newPriceCents: 3_999, years: 2016...2025,
            finishes: ["Black", "Black (with backrest)"],
            specs: [
                Spec("Type", "Single guitar stand"), Spec("Cradle", "Auto Grip System yoke"), Spec("Fits", "Electric, acoustic, bass"),
                Spec("Material", "Steel"),
            ]),
        ModelSpec(
            brand: "Levy's", model: "M26 Polyester Guitar Strap", newPriceCents: 1_499, years: 2015...2025,
            finishes: ["Black", "Brown", "Red", "Navy", "Olive"],
            specs: [
                Spec("Width", "2\""), Spec("Length", "Adjustable 38\" - 63\""), Spec("Material", "Polypropylene with leather ends"),
                Spec("Origin", "Canada"),
            ]),
        ModelSpec(
            brand: "Kyser", model: "Quick-Change Capo", newPriceCents: 2_295, years: 2015...2025,
            finishes: ["Black", "Silver", "Gold", "Rosewood"],
            specs: [
                Spec("Type", "Trigger capo"), Spec("Fits", "6-string acoustic and electric"), Spec("Material", "Aluminum"), Spec("Origin", "USA"),
            ]),
        ModelSpec(
            brand: "Mono", model: "M80 Vertigo Electric Guitar Case", newPriceCents: 22_900, years: 2016...2025,
            finishes: ["Black", "Ash"],
            specs: [
                Spec("Type", "Hybrid gig bag"), Spec("Protection", "Headlock neck protection"), Spec("Material", "Water-resistant shell"),
                Spec("Carry", "Backpack straps"),
            ]),
        ModelSpec(
            brand: "Pedaltrain", model: "Classic 2 Pedalboard", newPriceCents: 17_999, years: 2015...2025,
            finishes: ["Black (Soft Case)", "Black (Tour Case)"],
            specs: [Spec("Size", "24\" x 12.5\""), Spec("Material", "Aircraft-grade aluminum"), Spec("Includes", "Hook-and-loop, zip ties, case")]),
        ModelSpec(
            brand: "Voodoo Lab", model: "Pedal Power 2 Plus", newPriceCents: 16_999, years: 2012...2025,
            finishes: ["Black", "Black (with mounting kit)"],
            specs: [Spec("Outputs", "8 isolated"), Spec("Voltages", "9V, 12V, sag"), Spec("Current", "100-250 mA per output"), Spec("Origin", "USA")]),
        ModelSpec(
            brand: "Audio-Technica", model: "ATH-M50x Headphones", newPriceCents: 14_900, years: 2014...2025,
            finishes: ["Black", "White", "Gunmetal"],
            specs: [
                Spec("Type", "Closed-back studio headphones"), Spec("Drivers", "45 mm"), Spec("Impedance", "38 ohm"), Spec("Cables", "3 detachable"),
            ]),
        ModelSpec(
            brand: "Sony", model: "MDR-7506 Headphones", newPriceCents: 9_999, years: 1991...2025,
            finishes: ["Black", "Black (with pouch)"],
            specs: [
                Spec("Type", "Closed-back studio headphones"), Spec("Drivers", "40 mm"), Spec("Impedance", "63 ohm"),
                Spec("Cable", "Coiled, 1/8\" with 1/4\" adapter"),
            ]),
        ModelSpec(
            brand: "K&M", model: "210/9 Tripod Boom Mic Stand", newPriceCents: 4_999, years: 2015...2025,
            finishes: ["Black", "Nickel"],
            specs: [
                Spec("Type", "Tripod with telescoping boom"), Spec("Height", "35\" - 63\""), Spec("Boom", "18\" - 30\""), Spec("Origin", "Germany"),
            ]),
    ]

    // MARK: Descriptions

    /// category slug -> description sentences in a seller's voice, which the generator mixes
    /// (placeholders: {brand}, {model}, {year}, {finish}, {condition})
    static let descriptions: [String: [String]] = [
        "guitars": [
            "This {brand} {model} in {finish} has had a full setup on our bench: new strings, intonation checked, action set low.",
            "A genuinely great player, the kind of guitar that makes you want to practice.",
            "Frets have plenty of life left and the electronics are quiet, with no scratchy pots or dropouts.",
            "Neck is straight and the truss rod has room to go either way.",
            "Ships in a hard case or a well-padded box, your choice.",
        ],
        "electric-guitars": [
            "Plays beautifully with a low action and fresh 10s. Pickups sound clear and articulate on every position.",
            "This {year} {brand} {model} in {finish} is a real gigging workhorse: stays in tune, no dead spots, no fret buzz.",
            "Fresh setup in our shop: frets polished, nut slots checked, intonation set, pots and switch cleaned.",
            "The {finish} finish looks fantastic under stage lights and the neck feels fast without being thin.",
            "Cleans are glassy, and it growls when you push an amp into breakup. Exactly what you want from a {model}.",
            "Neck is straight, truss rod works freely, and the frets have plenty of height left.",
        ],
        "acoustic-guitars": [
            "Open, resonant and loud: this {brand} {model} has the warm low end and sparkling highs that make a great acoustic.",
            "Kept in a humidified case; no top cracks, no lifting bridge, and the neck angle is right where it should be.",
            "Set up with light phosphor bronze strings and a comfortable action for fingerpicking or strumming.",
            "The {finish} top has aged nicely and the guitar has opened up, recording beautifully with a single mic.",
            "Saddle still has room for adjustment and the tuners are smooth and stable.",
            "A lovely {year} example that fills a room without needing a pickup.",
        ],
        "bass-guitars": [
            "Punchy, focused low end that sits right in a mix. This {brand} {model} is a serious working bass.",
            "Set up with a medium-low action; no dead spots anywhere on the neck and the truss rod is healthy.",
            "Electronics are clean and quiet, with every control doing exactly what it should.",
            "The {finish} finish looks great and the neck has that broken-in, comfortable feel.",
            "Sounds huge through a tube head and just as good direct into the board.",
            "Balanced on a strap with no neck dive; ready to play a three-hour gig tonight.",
        ],
        "classical-guitars": [
            "Warm, balanced voice with clear trebles and a round bass: this {brand} {model} is a joy to play.",
            "Fresh nylon strings and a comfortable action; perfect for students and serious players alike.",
            "The {finish} finish shows the grain nicely and the top responds to a light touch.",
            "Kept at steady humidity, no cracks, and the tie-block bridge is solid.",
            "Projects well in a small hall and records beautifully with a pair of small condensers.",
        ],
        "amps": [
            "Sounds fantastic: glassy cleans, and it breaks up sweetly when you turn it up. This {brand} {model} is the real thing.",
            "Recently serviced by our tech; tubes tested and bias checked where applicable, all jacks and pots cleaned.",
            "No hum, no crackle, no scratchy controls. Every channel and feature works exactly as it should.",
            "The {finish} covering is in {condition} condition for its age, with the usual road wear you would expect from a gigging amp.",
            "Loud enough for any club and takes pedals like a champ.",
            "Local pickup welcome; otherwise it ships double-boxed with plenty of foam.",
        ],
        "effects": [
            "Tested on our pedalboard and working exactly as it should: every knob, switch and footswitch.",
            "Quiet, reliable and easy to dial in; a staple on boards for a reason.",
            "Comes with the original box and paperwork where we have them, and ships well packed.",
            "Velcro on the bottom or clean, ask and we will tell you.",
        ],
        "pedals": [
            "Tested on our board: every control sweeps cleanly, the footswitch is solid, and it is quiet with a good supply.",
            "This {brand} {model} does exactly what you want from it and nothing you don't. A board staple for a reason.",
            "Sounds great in front of a clean amp and stacks well with other drives.",
            "Housing is in {condition} condition; the jacks are tight and the LED works.",
            "Velcro on the bottom, ready to drop onto your board.",
            "No power supply included unless noted; takes a standard center-negative supply.",
        ],
        "multi-fx": [
            "Updated to the latest firmware and factory reset, so it is ready for your own presets.",
            "Every footswitch, knob and jack tested; the display is bright and free of dead pixels.",
            "This {brand} {model} replaces a full pedalboard and a backline amp: amazing for fly-in gigs.",
            "Sounds excellent straight into the front of house or into a pair of studio monitors.",
            "Power supply included; we can add a gig bag for a small extra.",
        ],
        "keyboards-synths": [
            "Every key, knob, slider and pad tested; the keybed is even and all keys respond with velocity.",
            "This {brand} {model} sounds stunning, from lush pads to punchy basses and realistic pianos.",
            "Factory reset and running the latest firmware; the display is bright and clear.",
            "Smoke-free studio instrument, gently used at home and never taken on the road.",
            "Comes with the original power supply; a gig bag or case can be added on request.",
            "The {finish} panel is clean with only faint marks, described honestly below.",
        ],
        "drums-percussion": [
            "Shells are round, bearing edges are clean, and every lug and tension rod turns smoothly.",
            "This {brand} {model} sounds big and warm, with a punchy attack that records well.",
            "The {finish} finish still looks great under the lights, with only minor marks from careful use.",
            "Fresh heads on the batter side; resonant heads are the originals and still sound good.",
            "Hardware is solid and nothing slips. Ready for rehearsal or the studio.",
            "Packed carefully in individual boxes; cymbals ship separately in cymbal boxes.",
        ],
        "pro-audio": [
            "Fully tested in our studio with every input and output checked.",
            "Clean, quiet, and reliable: a serious tool at a fair price.",
            "Comes with cables and whatever original accessories we have.",
            "Ships double-boxed with plenty of padding.",
        ],
        "interfaces": [
            "Every input, output and preamp tested; the converters are clean and the preamps are quiet even at high gain.",
            "This {brand} {model} has been deregistered from our account and updated to the latest firmware.",
            "Works great on macOS and Windows with low latency; drivers installed without a hitch.",
            "Includes the USB or Thunderbolt cable and power supply where needed.",
            "An easy upgrade for any home studio, and plenty of I/O to grow into.",
        ],
        "microphones": [
            "Sounds great on vocals, guitar cabs and acoustic instruments; no rattles, dents or crackle.",
            "This {brand} {model} has been tested on our bench and matches spec; capsule and grille are clean.",
            "Used in a smoke-free studio and stored in its case between sessions.",
            "A true studio workhorse that will be the first mic you reach for.",
            "Comes with the original clip or mount; we can add a cable at cost.",
        ],
        "monitors": [
            "Clear, detailed and accurate: mixes from these translate well to cars, earbuds and club systems.",
            "Tweeters and woofers are free of dents, and there is no hiss or hum at normal listening levels.",
            "This {brand} {model} has been used in a treated home studio at moderate levels.",
            "Back-panel switches and trims all work. Power cable included.",
            "Sold as described in the specs: please check whether this is a single speaker or a pair.",
        ],
        "dj": [
            "Every fader, knob, pad and jog wheel tested with rekordbox and Serato; crossfader is smooth and clean.",
            "This {brand} {model} has been used at home and for a handful of bar gigs, never left in a club.",
            "Firmware updated and all outputs checked; no crackle, no dropouts.",
            "The {finish} surface is clean with only light wear around the most-used controls.",
            "Comes with the original power supply and USB cable; a Decksaver is included where noted.",
        ],
        "accessories": [
            "Exactly what it says: the {brand} {model}, a reliable everyday accessory that players trust.",
            "Stock item from our shop, ready to ship the same day.",
            "Pick one up with your next instrument and save on shipping.",
            "A small thing that makes a big difference on the gig.",
            "We keep plenty of these on the wall; message us for larger quantities.",
        ],
    ]

    // MARK: Condition notes

    /// generic sentences about condition per grade key
    static let conditionNotes: [String: [String]] = [
        "new": [
            "Brand new, never played, in the original packaging with full manufacturer warranty.",
            "New old stock, unopened, with all paperwork and accessories.",
            "New in box; we open every item to inspect it before it ships.",
        ],
        "mint": [
            "Mint condition: played only a handful of times at home and indistinguishable from new.",
            "No marks, no scratches, no wear. Comes with the original box and accessories.",
            "Practically new; the protective film is still on some surfaces.",
        ],
        "excellent": [
            "Excellent condition with only a few faint marks visible under close inspection.",
            "Lightly used and well cared for; a couple of tiny scuffs that don't affect anything.",
            "Very clean for a used piece, with no functional issues whatsoever.",
            "Excellent overall; the only sign of use is light hairline scratching in the finish.",
        ],
        "very_good": [
            "Very good condition: some light scratches and minor wear consistent with regular use.",
            "Shows honest signs of playing, but everything works perfectly.",
            "A couple of small dings and some buckle rash, nothing structural. Please see the photos.",
        ],
        "good": [
            "Good condition with visible wear, scratches and a few dings, but fully functional.",
            "Road-worn look with plenty of character; plays and sounds great.",
            "Cosmetically used, mechanically sound. Priced accordingly.",
        ],
        "fair": [
            "Fair condition: heavy wear, chips and possibly some non-original parts, but it works.",
            "A player's piece with plenty of battle scars; may need minor attention.",
            "Sold as-is at a bargain price. Functional, but cosmetically rough.",
            "Needs a little love: works, but expect some cleanup or a setup.",
        ],
    ]

    // MARK: Shops

    /// music-shop names with a US city/state and a one-line description
    static let shops: [(name: String, city: String, tagline: String)] = [
        ("Rust Belt Guitars", "Pittsburgh, PA", "Vintage and player-grade guitars, set up in house."),
        ("Sixth Street Strings", "Austin, TX", "Electric and acoustic guitars for working musicians."),
        ("Music Row Trading Post", "Nashville, TN", "Session-grade instruments bought, sold and traded."),
        ("Cascade Tone Co.", "Portland, OR", "Boutique pedals and hand-wired amps from the Northwest."),
        ("Lakeshore Sound Supply", "Chicago, IL", "Pro audio, studio gear and live sound since 1998."),
        ("Mile High Amp Works", "Denver, CO", "Tube amps serviced, restored and sold by real techs."),
        ("Brick & Wire Audio", "Brooklyn, NY", "Synths, drum machines and studio oddities."),
        ("Twin Cities Drum Loft", "Minneapolis, MN", "New and vintage drums, cymbals and hardware."),
        ("Gulf Coast Guitar Garage", "Houston, TX", "Affordable guitars and basses, every one played before it ships."),
        ("Peachtree Pro Audio", "Atlanta, GA", "Interfaces, microphones and monitors for home and pro studios."),
        ("Desert Rat Pedals", "Tucson, AZ", "Stompboxes of every flavor, tested on our demo board."),
        ("Emerald City Synths", "Seattle, WA", "Analog and digital synthesizers, serviced and calibrated."),
        ("Blue Ridge Acoustics", "Asheville, NC", "Fine acoustic guitars, mandolins and banjos."),
        ("Golden State Gear Exchange", "Sacramento, CA", "Used gear with honest grading and fair prices."),
        ("Motor City Music Supply", "Detroit, MI", "Backline, amps and basses built for loud rooms."),
        ("Back Bay Audio", "Boston, MA", "Studio monitors, preamps and recording essentials."),
        ("Sunset Strip Vintage", "Los Angeles, CA", "Collectible guitars and amps with documented history."),
        ("Beale Street Music Co.", "Memphis, TN", "Blues-ready guitars, harps and amps."),
        ("Prairie Fire Amps", "Omaha, NE", "Combo amps and cabinets, tested loud before they ship."),
        ("Salt Flats Sound", "Salt Lake City, UT", "DJ gear, controllers and turntables."),
        ("Gateway Guitar Exchange", "St. Louis, MO", "Trade-ins welcome: guitars, basses and effects."),
        ("Old Line Music", "Baltimore, MD", "Keyboards, pianos and stage rigs for gigging players."),
        ("Keystone Keys & Synths", "Philadelphia, PA", "Stage pianos, controllers and vintage keys."),
        ("Magic City Beats", "Miami, FL", "DJ controllers, mixers and club-grade players."),
        ("Cuyahoga Tube Works", "Cleveland, OH", "Tube amps, speakers and replacement tubes."),
        ("Badger State Backline", "Madison, WI", "Rental-fleet gear, retired and fully serviced."),
        ("Harbor Lights Audio", "San Diego, CA", "Microphones and recording gear for podcasters and bands."),
        ("Bayou Backline", "New Orleans, LA", "Horns-friendly PA, drums and keys for working bands."),
        ("High Desert Music Exchange", "Albuquerque, NM", "Acoustic, classical and folk instruments, consigned and cared for."),
        ("Green Mountain Strings", "Burlington, VT", "Strings, straps, cables and all the little things, shipped fast."),
    ]

    // MARK: People

    static let firstNames: [String] = [
        "James", "Maria", "Robert", "Aisha", "Michael", "Sofia", "David", "Priya", "Daniel", "Chloe",
        "Marcus", "Elena", "Kevin", "Hannah", "Luis", "Grace", "Tyler", "Mei", "Jordan", "Olivia",
        "Andre", "Fatima", "Ethan", "Camila", "Noah", "Isabel", "Samuel", "Nina", "Diego", "Rachel",
        "Kenji", "Zoe", "Omar", "Lauren", "Caleb", "Ana", "Malik", "Emily", "Ryan", "Jasmine",
        "Hiroshi", "Claire", "Mateo", "Brianna", "Connor", "Leila", "Trevor", "Rosa", "Isaac", "Tamara",
        "Wesley", "Yuki", "Gabriel", "Megan", "Darnell", "Ingrid", "Felix", "Nadia", "Owen", "Keisha",
    ]

    static let lastNames: [String] = [
        "Smith", "Garcia", "Johnson", "Nguyen", "Williams", "Patel", "Brown", "Rodriguez", "Jones", "Kim",
        "Miller", "Hernandez", "Davis", "Chen", "Wilson", "Lopez", "Anderson", "Okafor", "Taylor", "Martinez",
        "Thomas", "Yamamoto", "Moore", "Gonzalez", "Jackson", "Shah", "White", "Ramirez", "Harris", "Kowalski",
        "Martin", "Sullivan", "Thompson", "Rivera", "Clark", "Novak", "Lewis", "Flores", "Walker", "Haddad",
        "Hall", "Morales", "Allen", "O'Brien", "Young", "Castillo", "King", "Larsen", "Wright", "Mensah",
        "Scott", "Reyes", "Green", "Fischer", "Baker", "Ortiz", "Adams", "Petrov", "Nelson", "Washington",
    ]

    // MARK: Reviews

    /// review texts: (rating 1-5, title, body)
    static let reviews: [(rating: Int, title: String, body: String)] = [
        (5, "Exactly as described", "Arrived well packed and in exactly the condition listed. Couldn't be happier."),
        (5, "Better than expected", "The photos didn't do it justice. Sounds and looks fantastic."),
        (5, "Great seller", "Fast shipping, great communication, and the gear is perfect. Would buy from this shop again."),
        (5, "Gig-ready out of the box", "Plugged it in and used it at a show the same weekend. Flawless."),
        (5, "Superb setup", "Whoever set this up knew what they were doing. Everything dialed in perfectly."),
        (5, "Love it", "This has become my go-to. Worth every penny."),
        (5, "Honest grading", "Condition was actually a bit better than the listing said. Refreshing."),
        (5, "Packed like a fortress", "Double-boxed with tons of padding. Arrived without a scratch."),
        (5, "Dream piece", "I've wanted one of these for years and this one is a keeper."),
        (5, "Fair price, great gear", "Priced fairly for the condition and it works flawlessly."),
        (5, "Quick and painless", "Ordered Monday, playing it Thursday. Exactly as pictured."),
        (5, "Studio staple", "Went straight into my studio and I've used it on every session since."),
        (5, "Highly recommend", "Smooth transaction from start to finish. Five stars all around."),
        (5, "Sounds incredible", "Tone for days. I keep finding excuses to play it."),
        (5, "Would buy again", "Second purchase from this shop and both were great experiences."),
        (4, "Very happy", "Great piece of gear. Shipping took a couple of days longer than expected, but worth the wait."),
        (4, "Solid purchase", "Works perfectly. A few more small marks than I expected, but nothing that bothers me."),
        (4, "Good value", "Does everything I need at a good price. Would recommend."),
        (4, "Nice condition", "Clean and well cared for. Needed a minor adjustment after shipping, which is to be expected."),
        (4, "Great sound", "Sounds excellent. Knocked off one star because the original box was missing."),
        (4, "Happy customer", "Seller answered all my questions quickly. The item is just as described."),
        (4, "Does the job", "Reliable and well built. Exactly what I was looking for."),
        (4, "Pleasant surprise", "Wasn't sure about buying used online, but this went smoothly."),
        (4, "Recommended", "Good communication and a well-packed box. Minor cosmetic wear as listed."),
        (4, "Almost perfect", "Great all around; it just needed fresh strings and a quick cleanup."),
        (4, "Worth it", "A bit more than I wanted to spend, but the quality shows."),
        (4, "Reliable", "Used it for a month of rehearsals now with zero issues."),
        (4, "Good experience", "Item arrived on time and matched the photos."),
        (3, "It's okay", "Works fine, but the wear was a bit heavier than the photos suggested."),
        (3, "Mixed feelings", "Sounds good, but it arrived with a loose jack I had to tighten myself."),
        (3, "Average", "Nothing wrong with it, but it didn't quite live up to the hype for me."),
        (3, "Slow shipping", "The gear is fine, but it took almost two weeks to arrive."),
        (3, "Decent for the price", "You get what you pay for. Serviceable, with a few quirks."),
        (3, "Needed some work", "Had to take it to my tech for a setup before it played right."),
        (3, "Fine, not great", "Does the job. Packaging could have been better."),
        (2, "Not as described", "Condition was noticeably worse than listed. The seller offered a partial refund."),
        (2, "Disappointed", "Arrived with a scratchy control that wasn't mentioned in the listing."),
        (2, "Shipping damage", "Box was crushed in transit. The item survived, but barely."),
        (1, "Had to return it", "It didn't work when it arrived. Return was handled, but it was a hassle."),
        (1, "Would not buy again", "Slow replies, poor packaging, and the item had undisclosed issues."),
    ]

    // MARK: Tags

    /// tags: (name, slug)
    static let tags: [(name: String, slug: String)] = [
        ("New Arrival", "new-arrival"),
        ("Sale", "sale"),
        ("Vintage", "vintage"),
        ("Made in USA", "made-in-usa"),
        ("Made in Japan", "made-in-japan"),
        ("Left-Handed", "left-handed"),
        ("Limited Edition", "limited-edition"),
        ("Boutique", "boutique"),
        ("Studio", "studio"),
        ("Gig-Ready", "gig-ready"),
        ("Free Shipping", "free-shipping"),
        ("Staff Pick", "staff-pick"),
    ]
}

extension SeedData.Spec {
    /// Shorthand for the specs tables above: `Spec("Body", "Alder")`.
    init(_ name: String, _ value: String) {
        self.init(name: name, value: value)
    }
}
