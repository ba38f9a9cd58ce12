"""Curated static catalog of psychotropic medications and supplements."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class CatalogEntry:
    """One medication or supplement with its class, brands, ATC code, unit and forms."""

    name: str
    drug_class: str
    brands: tuple[str, ...]
    atc: str | None
    unit: str
    forms: tuple[str, ...]
    as_needed_common: bool = False


CLASSES: dict[str, str] = {
    "ssri": "SSRI antidepressant",
    "snri": "SNRI antidepressant",
    "antidepressant_other": "Other antidepressant",
    "tca": "Tricyclic antidepressant",
    "maoi": "MAO inhibitor antidepressant",
    "benzodiazepine": "Benzodiazepine",
    "z_drug": "Z-drug hypnotic",
    "anxiolytic_other": "Other anxiolytic",
    "beta_blocker": "Beta blocker",
    "mood_stabilizer": "Mood stabilizer",
    "antipsychotic": "Antipsychotic",
    "stimulant": "Stimulant",
    "adhd_nonstimulant": "Non-stimulant ADHD medication",
    "sleep": "Sleep aid",
    "supplement": "Supplement",
}

FORMS: tuple[str, ...] = (
    "tablet",
    "capsule",
    "liquid",
    "patch",
    "injection",
    "spray",
    "other",
)

_E = CatalogEntry

CATALOG: tuple[CatalogEntry, ...] = (
    # SSRIs
    _E(
        "fluoxetine",
        "ssri",
        ("Prozac", "Sarafem"),
        "N06AB03",
        "mg",
        ("capsule", "tablet", "liquid"),
    ),
    _E("sertraline", "ssri", ("Zoloft", "Lustral"), "N06AB06", "mg", ("tablet", "liquid")),
    _E("escitalopram", "ssri", ("Lexapro", "Cipralex"), "N06AB10", "mg", ("tablet", "liquid")),
    _E("citalopram", "ssri", ("Celexa", "Cipramil"), "N06AB04", "mg", ("tablet", "liquid")),
    _E("paroxetine", "ssri", ("Paxil", "Seroxat"), "N06AB05", "mg", ("tablet", "liquid")),
    _E("fluvoxamine", "ssri", ("Luvox", "Faverin"), "N06AB08", "mg", ("tablet", "capsule")),
    # SNRIs
    _E("venlafaxine", "snri", ("Effexor", "Efexor"), "N06AX16", "mg", ("tablet", "capsule")),
    _E("desvenlafaxine", "snri", ("Pristiq",), "N06AX23", "mg", ("tablet",)),
    _E("duloxetine", "snri", ("Cymbalta",), "N06AX21", "mg", ("capsule",)),
    _E("levomilnacipran", "snri", ("Fetzima",), "N06AX28", "mg", ("capsule",)),
    _E("milnacipran", "snri", ("Savella", "Ixel"), "N06AX17", "mg", ("tablet", "capsule")),
    # Other antidepressants
    _E("bupropion", "antidepressant_other", ("Wellbutrin", "Zyban"), "N06AX12", "mg", ("tablet",)),
    _E(
        "mirtazapine",
        "antidepressant_other",
        ("Remeron", "Zispin"),
        "N06AX11",
        "mg",
        ("tablet", "liquid"),
    ),
    _E(
        "trazodone",
        "antidepressant_other",
        ("Desyrel", "Molipaxin"),
        "N06AX05",
        "mg",
        ("tablet", "capsule", "liquid"),
        as_needed_common=True,
    ),
    _E(
        "vortioxetine",
        "antidepressant_other",
        ("Trintellix", "Brintellix"),
        "N06AX26",
        "mg",
        ("tablet", "liquid"),
    ),
    _E("vilazodone", "antidepressant_other", ("Viibryd",), "N06AX24", "mg", ("tablet",)),
    _E("agomelatine", "antidepressant_other", ("Valdoxan",), "N06AX22", "mg", ("tablet",)),
    # Tricyclics
    _E("amitriptyline", "tca", ("Elavil",), "N06AA09", "mg", ("tablet", "liquid")),
    _E(
        "nortriptyline",
        "tca",
        ("Pamelor", "Aventyl"),
        "N06AA10",
        "mg",
        ("capsule", "tablet", "liquid"),
    ),
    _E("clomipramine", "tca", ("Anafranil",), "N06AA04", "mg", ("capsule",)),
    # MAOIs
    _E("phenelzine", "maoi", ("Nardil",), "N06AF03", "mg", ("tablet",)),
    _E("tranylcypromine", "maoi", ("Parnate",), "N06AF04", "mg", ("tablet",)),
    # Benzodiazepines
    _E(
        "alprazolam",
        "benzodiazepine",
        ("Xanax",),
        "N05BA12",
        "mg",
        ("tablet", "liquid"),
        as_needed_common=True,
    ),
    _E(
        "lorazepam",
        "benzodiazepine",
        ("Ativan",),
        "N05BA06",
        "mg",
        ("tablet", "liquid", "injection"),
        as_needed_common=True,
    ),
    _E(
        "diazepam",
        "benzodiazepine",
        ("Valium",),
        "N05BA01",
        "mg",
        ("tablet", "liquid", "injection", "spray", "other"),
        as_needed_common=True,
    ),
    _E(
        "clonazepam",
        "benzodiazepine",
        ("Klonopin", "Rivotril"),
        "N03AE01",
        "mg",
        ("tablet", "liquid", "injection"),
        as_needed_common=True,
    ),
    _E("chlordiazepoxide", "benzodiazepine", ("Librium",), "N05BA02", "mg", ("capsule",)),
    _E(
        "temazepam",
        "benzodiazepine",
        ("Restoril",),
        "N05CD07",
        "mg",
        ("capsule", "tablet", "liquid"),
        as_needed_common=True,
    ),
    # Z-drugs
    _E(
        "zolpidem",
        "z_drug",
        ("Ambien", "Stilnoct", "Stilnox"),
        "N05CF02",
        "mg",
        ("tablet", "spray"),
        as_needed_common=True,
    ),
    _E(
        "zopiclone",
        "z_drug",
        ("Imovane", "Zimovane"),
        "N05CF01",
        "mg",
        ("tablet",),
        as_needed_common=True,
    ),
    _E("eszopiclone", "z_drug", ("Lunesta",), "N05CF04", "mg", ("tablet",), as_needed_common=True),
    # Other anxiolytics
    _E("buspirone", "anxiolytic_other", ("BuSpar",), "N05BE01", "mg", ("tablet",)),
    _E(
        "hydroxyzine",
        "anxiolytic_other",
        ("Atarax", "Vistaril"),
        "N05BB01",
        "mg",
        ("tablet", "capsule", "liquid", "injection"),
        as_needed_common=True,
    ),
    _E(
        "pregabalin",
        "anxiolytic_other",
        ("Lyrica",),
        "N03AX16",
        "mg",
        ("capsule", "tablet", "liquid"),
    ),
    _E(
        "propranolol",
        "beta_blocker",
        ("Inderal",),
        "C07AA05",
        "mg",
        ("tablet", "capsule", "liquid", "injection"),
        as_needed_common=True,
    ),
    # Mood stabilizers
    _E(
        "lithium",
        "mood_stabilizer",
        ("Lithobid", "Priadel", "Camcolit"),
        "N05AN01",
        "mg",
        ("tablet", "capsule", "liquid"),
    ),
    _E("lamotrigine", "mood_stabilizer", ("Lamictal",), "N03AX09", "mg", ("tablet",)),
    _E(
        "valproate",
        "mood_stabilizer",
        ("Depakote", "Epilim", "Depakine"),
        "N03AG01",
        "mg",
        ("tablet", "capsule", "liquid", "injection"),
    ),
    _E(
        "carbamazepine",
        "mood_stabilizer",
        ("Tegretol",),
        "N03AF01",
        "mg",
        ("tablet", "capsule", "liquid"),
    ),
    _E("oxcarbazepine", "mood_stabilizer", ("Trileptal",), "N03AF02", "mg", ("tablet", "liquid")),
    # Antipsychotics
    _E("quetiapine", "antipsychotic", ("Seroquel",), "N05AH04", "mg", ("tablet",)),
    _E(
        "aripiprazole",
        "antipsychotic",
        ("Abilify",),
        "N05AX12",
        "mg",
        ("tablet", "liquid", "injection"),
    ),
    _E("brexpiprazole", "antipsychotic", ("Rexulti",), "N05AX16", "mg", ("tablet",)),
    _E("cariprazine", "antipsychotic", ("Vraylar", "Reagila"), "N05AX15", "mg", ("capsule",)),
    _E("olanzapine", "antipsychotic", ("Zyprexa",), "N05AH03", "mg", ("tablet", "injection")),
    _E(
        "risperidone",
        "antipsychotic",
        ("Risperdal",),
        "N05AX08",
        "mg",
        ("tablet", "liquid", "injection"),
    ),
    _E("lurasidone", "antipsychotic", ("Latuda",), "N05AE05", "mg", ("tablet",)),
    _E("ziprasidone", "antipsychotic", ("Geodon",), "N05AE04", "mg", ("capsule", "injection")),
    _E("clozapine", "antipsychotic", ("Clozaril",), "N05AH02", "mg", ("tablet", "liquid")),
    _E(
        "haloperidol",
        "antipsychotic",
        ("Haldol",),
        "N05AD01",
        "mg",
        ("tablet", "liquid", "injection"),
    ),
    # Stimulants
    _E(
        "methylphenidate",
        "stimulant",
        ("Ritalin", "Concerta"),
        "N06BA04",
        "mg",
        ("tablet", "capsule", "liquid", "patch"),
    ),
    _E("dexmethylphenidate", "stimulant", ("Focalin",), "N06BA11", "mg", ("tablet", "capsule")),
    _E("amphetamine", "stimulant", ("Adderall",), "N06BA01", "mg", ("tablet", "capsule", "liquid")),
    _E(
        "lisdexamfetamine",
        "stimulant",
        ("Vyvanse", "Elvanse"),
        "N06BA12",
        "mg",
        ("capsule", "tablet"),
    ),
    _E("modafinil", "stimulant", ("Provigil",), "N06BA07", "mg", ("tablet",)),
    # Non-stimulant ADHD
    _E("atomoxetine", "adhd_nonstimulant", ("Strattera",), "N06BA09", "mg", ("capsule", "liquid")),
    _E("guanfacine", "adhd_nonstimulant", ("Intuniv",), "C02AC02", "mg", ("tablet",)),
    _E(
        "clonidine",
        "adhd_nonstimulant",
        ("Kapvay", "Catapres"),
        "C02AC01",
        "mg",
        ("tablet", "patch"),
    ),
    _E("viloxazine", "adhd_nonstimulant", ("Qelbree",), "N06AX09", "mg", ("capsule",)),
    # Sleep
    _E(
        "melatonin",
        "sleep",
        ("Circadin",),
        "N05CH01",
        "mg",
        ("tablet", "capsule", "liquid"),
        as_needed_common=True,
    ),
    # Supplements
    _E("st john's wort", "supplement", (), None, "mg", ("tablet", "capsule", "liquid")),
    _E("omega-3", "supplement", (), None, "mg", ("capsule", "liquid")),
    _E("vitamin d", "supplement", (), None, "IU", ("tablet", "capsule", "liquid")),
    _E("magnesium", "supplement", (), None, "mg", ("tablet", "capsule", "other")),
)

del _E

_SUGGESTION_RE = re.compile(r"^(?P<brand>.+?)\s*\((?P<generic>[^()]+)\)$")


def _key(name: str) -> str:
    """Normalise a name for lookup: trim, collapse spaces and apostrophes, casefold."""
    return " ".join(name.replace("\u2019", "'").split()).casefold()


_BY_GENERIC: dict[str, CatalogEntry] = {_key(e.name): e for e in CATALOG}
_BY_BRAND: dict[str, CatalogEntry] = {_key(b): e for e in CATALOG for b in e.brands}
_BY_NAME: dict[str, CatalogEntry] = {**_BY_BRAND, **_BY_GENERIC}
_SUGGESTIONS: tuple[str, ...] = tuple(
    sorted(
        [e.name for e in CATALOG] + [f"{b} ({e.name})" for e in CATALOG for b in e.brands],
        key=lambda s: (s.casefold(), s),
    )
)


def lookup(name: str) -> CatalogEntry | None:
    """Resolve a generic or brand name (any case, whitespace-trimmed) to its entry."""
    return _BY_NAME.get(_key(name))


def suggestions() -> list[str]:
    """Sorted <datalist> options: each generic, and each brand as 'Brand (generic)'."""
    return list(_SUGGESTIONS)


def resolve(name: str) -> tuple[str, CatalogEntry | None]:
    """Map a name or suggestion to (generic, entry); unknown text: (stripped, None)."""
    entry = lookup(name)
    if entry is None:
        match = _SUGGESTION_RE.match(name.strip())
        if match is not None:
            inner = _BY_GENERIC.get(_key(match.group("generic")))
            if inner is not None and lookup(match.group("brand")) is inner:
                entry = inner
    if entry is None:
        return name.strip(), None
    return entry.name, entry
