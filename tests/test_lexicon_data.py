"""The packaged lexicon (ontology/lexicon/*.jsonl): it loads, it is broad enough, every entity is
documented, identifiers are well-formed and recorded in SOURCES.md, and the validator rejects the
mistakes a contributor is likely to make."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from kgbuild.lexicon import load_lexicon
from kgbuild.lexicon.model import XREF_SCHEMES, LexiconError
from kgbuild.lexicon.normalize import key

REPO = Path(__file__).resolve().parents[1]
LEXICON_DIR = REPO / "ontology" / "lexicon"
SEED_ENTITIES = REPO / "tests" / "data" / "gold" / "entities.json"


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def surface_keys(lexicon) -> dict[str, str]:
    """Comparison key of every surface form -> entity id (abbreviations keep their case)."""
    out = {}
    for entity in lexicon:
        for form in (entity.label, *entity.synonyms):
            out[key(form)] = entity.id
        for abbr in entity.abbreviations:
            out[abbr] = entity.id
    return out


# --- size and coverage -----------------------------------------------------------------------


def test_packaged_lexicon_loads(lexicon):
    assert len(lexicon) >= 300


def test_at_least_60_substances(lexicon):
    assert len(lexicon.by_type("Substance")) >= 60


@pytest.mark.parametrize(
    ("etype", "minimum"),
    [
        ("Compound", 40),
        ("Alkaloid", 20),
        ("Receptor", 25),
        ("Neurotransmitter", 8),
        ("Condition", 45),
        ("Risk", 45),
    ],
)
def test_every_type_is_well_populated(lexicon, etype, minimum):
    assert len(lexicon.by_type(etype)) >= minimum


# Main constituents and targets per substance: the lexicon must be able to name them.
CONSTITUENTS = {
    "kratom": ["mitragynine", "7-hydroxymitragynine", "speciociliatine", "paynantheine"],
    "kava": ["kavalactones", "kavain", "dihydrokavain", "methysticin", "yangonin"],
    "valerian": ["valerenic-acid", "valepotriates"],
    "st-johns-wort": ["hyperforin", "hypericin"],
    "ashwagandha": ["withanolides", "withaferin-a"],
    "rhodiola": ["salidroside", "rosavins"],
    "green-tea": ["l-theanine", "egcg", "caffeine"],
    "coffee": ["caffeine", "chlorogenic-acid"],
    "chocolate": ["theobromine", "caffeine"],
    "cannabis": ["thc", "cannabidiol", "cannabinol", "beta-caryophyllene"],
    "turmeric": ["curcumin", "curcuminoids"],
    "saffron": ["crocin", "safranal"],
    "ephedra": ["ephedrine", "pseudoephedrine"],
    "yohimbe": ["yohimbine"],
    "betel-nut": ["arecoline"],
    "khat": ["cathinone", "cathine"],
    "psilocybin-mushrooms": ["psilocybin", "psilocin"],
    "iboga": ["ibogaine", "noribogaine"],
    "salvia-divinorum": ["salvinorin-a"],
    "kanna": ["mesembrine"],
    "corydalis": ["tetrahydropalmatine"],
    "white-willow-bark": ["salicin"],
    "feverfew": ["parthenolide"],
    "tobacco": ["nicotine"],
    "mucuna": ["levodopa"],
    "chili-pepper": ["capsaicin"],
    "amanita-muscaria": ["muscimol", "ibotenic-acid"],
}


@pytest.mark.parametrize("substance", sorted(CONSTITUENTS))
def test_substances_and_their_constituents_are_listed(lexicon, substance):
    assert lexicon[substance].type == "Substance"
    for compound in CONSTITUENTS[substance]:
        assert compound in lexicon, f"{substance}: constituent {compound!r} missing"
        assert lexicon[compound].is_compound


@pytest.mark.parametrize(
    ("family", "members"),
    [
        (
            "opioid-receptor",
            ["mu-opioid-receptor", "kappa-opioid-receptor", "delta-opioid-receptor"],
        ),
        ("gaba-receptor", ["gaba-a-receptor", "gaba-b-receptor"]),
        ("serotonin-receptor", ["5-ht1a-receptor", "5-ht2a-receptor"]),
        ("adenosine-receptor", ["adenosine-a1-receptor", "adenosine-a2a-receptor"]),
        ("cannabinoid-receptor", ["cb1-receptor", "cb2-receptor"]),
        ("melatonin-receptor", ["mt1-receptor", "mt2-receptor"]),
        (
            "acetylcholine-receptor",
            ["nicotinic-acetylcholine-receptor", "muscarinic-acetylcholine-receptor"],
        ),
    ],
)
def test_receptor_subtypes_point_to_their_family(lexicon, family, members):
    for member in members:
        assert lexicon[member].broader == family


# --- documentation of every entity -------------------------------------------------------------


def test_every_entity_has_a_definition(lexicon):
    missing = [e.id for e in lexicon if len(e.definition) < 15]
    assert not missing
    assert all(e.definition.endswith(".") for e in lexicon)


# Entities for which no other name is in common use: the label is their only surface form.
NO_OTHER_NAME = {
    "hyperforin",
    "hypericin",
    "speciociliatine",
    "paynantheine",
    "speciogynine",
    "mitraphylline",
    "corynantheidine",
    "methysticin",
    "yangonin",
    "withaferin-a",
    "bilobalide",
    "eugenol",
    "crocin",
    "safranal",
    "salicin",
    "harpagoside",
    "parthenolide",
    "linalool",
    "apigenin",
    "chrysin",
    "rosmarinic-acid",
    "xanthohumol",
    "baicalin",
    "honokiol",
    "magnolol",
    "epa",
    "nicotine",
    "cocaine",
    "pseudoephedrine",
    "arecoline",
    "cathinone",
    "psilocybin",
    "ibogaine",
    "noribogaine",
    "salvinorin-a",
    "mescaline",
    "muscimol",
    "ibotenic-acid",
    "myristicin",
    "lactucin",
    "mesembrine",
    "harmine",
    "dopamine",
    "rheumatoid-arthritis",
    "dementia",
    "dravet-syndrome",
    "nutmeg",
    "ephedrine",
    "akuammine",
    "nuciferine",
}


def test_every_entity_has_another_name(lexicon):
    assert set(lexicon.entities) >= NO_OTHER_NAME
    lonely = {e.id for e in lexicon if not e.synonyms and not e.abbreviations}
    assert lonely <= NO_OTHER_NAME, (
        f"add synonyms or abbreviations for {sorted(lonely - NO_OTHER_NAME)}"
    )


def test_ids_are_stable_slugs_and_labels_are_unique(lexicon):
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", e.id) for e in lexicon)
    labels = Counter(key(e.label) for e in lexicon)
    assert not [label for label, n in labels.items() if n > 1]


def test_seed_ids_and_labels_are_kept(lexicon):
    seed = {
        "kratom": "kratom",
        "kava": "kava",
        "valerian": "valerian",
        "st-johns-wort": "St John's wort",
        "ashwagandha": "ashwagandha",
        "coffee": "coffee",
        "tea": "tea",
        "soft-drinks": "soft drinks",
        "chocolate": "chocolate",
        "cannabis": "cannabis",
        "mitragynine": "mitragynine",
        "7-hydroxymitragynine": "7-hydroxymitragynine",
        "caffeine": "caffeine",
        "withanolides": "withanolides",
        "cannabidiol": "cannabidiol",
        "thc": "tetrahydrocannabinol",
        "gaba": "GABA",
        "mu-opioid-receptor": "mu-opioid receptor",
        "gaba-a-receptor": "GABA-A receptor",
        "generalized-anxiety-disorder": "generalized anxiety disorder",
        "mood-disorders": "mood disorders",
        "insomnia": "insomnia",
        "opioid-withdrawal": "opioid withdrawal",
        "side-effects": "side effects",
        "drug-interactions": "drug interactions",
        "liver-toxicity": "liver toxicity",
        "withdrawal-symptoms": "withdrawal symptoms",
        "gastrointestinal-problems": "gastrointestinal problems",
    }
    for entity_id, label in seed.items():
        assert lexicon[entity_id].label == label


def test_broader_links_stay_within_a_kind(lexicon):
    kinds = {"Compound": "chem", "Alkaloid": "chem"}
    for entity in lexicon:
        if entity.broader:
            parent = lexicon[entity.broader]
            assert kinds.get(parent.type, parent.type) == kinds.get(entity.type, entity.type), (
                entity.id
            )


# --- surface forms ------------------------------------------------------------------------------

VAGUE_OR_AMBIGUOUS = [
    "well-being",
    "wellbeing",
    "mood",
    "calm",
    "energy",
    "focus",
    "relaxation",
    "mental health",
    "tolerance",
    "interaction",
    "interactions",
    "effects",
    "risks",
    "alertness",
    "nervous",
    "confusion",
    "lead",
    "chat",
    "mate",
    "salvia",
    "brahmi",
    "weed",
    "pot",
]


@pytest.mark.parametrize("word", VAGUE_OR_AMBIGUOUS)
def test_vague_and_ambiguous_words_are_not_surface_forms(lexicon, word):
    assert key(word) not in surface_keys(lexicon)


def test_abbreviations_are_not_lower_case_words(lexicon):
    for entity in lexicon:
        for abbr in entity.abbreviations:
            assert abbr != abbr.lower(), f"{entity.id}: {abbr!r} would match an ordinary word"


def test_seed_gold_names_are_labels_and_their_surface_forms_match(lexicon):
    """Canonical names used by the seed gold exist with that label; their surface forms resolve to
    the same entity (case-sensitive abbreviations in their written case). Vague benefits are out."""
    gold = json.loads(SEED_ENTITIES.read_text(encoding="utf-8"))
    gold.pop("_doc", None)
    not_in_lexicon = {"well-being"}
    not_surface_forms = {"interactions"}
    by_label = {e.label: e for e in lexicon}
    keys = surface_keys(lexicon)
    for name, forms in gold.items():
        if name in not_in_lexicon:
            assert key(name) not in keys
            continue
        entity = by_label[name]
        for form in forms:
            if form in not_surface_forms:
                continue
            found = keys.get(key(form)) or keys.get(form.upper())
            assert found == entity.id, f"{form!r} should name {entity.id}, found {found}"


@pytest.mark.parametrize(
    ("text", "expected", "not_expected"),
    [
        ("It stimulates the central nervous system.", set(), {"nervousness"}),
        ("Antioxidants reduce oxidative stress.", {"oxidative-stress"}, {"stress"}),
        (
            "Magnesium may help restless legs syndrome.",
            {"restless-legs-syndrome"},
            {"restlessness"},
        ),
        ("Peppermint oil eases irritable bowel syndrome.", {"ibs"}, {"irritability"}),
        ("Opioids cause respiratory depression.", {"respiratory-depression"}, {"depression"}),
        (
            "People who use kratom report opioid withdrawal relief.",
            {"kratom", "opioid-withdrawal"},
            {"withdrawal-symptoms"},
        ),
        ("Turmeric has anti-inflammatory effects.", {"turmeric", "inflammation"}, set()),
        (
            "Mitragynine binds μ-opioid receptors (MOR).",
            {"mitragynine", "mu-opioid-receptor"},
            set(),
        ),
        ("Ashwagandha is also called Indian ginseng.", {"ashwagandha"}, {"panax-ginseng"}),
        (
            "St. John's wort interacts with many drugs.",
            {"st-johns-wort", "drug-interactions"},
            set(),
        ),
    ],
)
def test_ambiguous_phrases_resolve_to_the_longer_entity(lexicon, text, expected, not_expected):
    from kgbuild.nlp.pipeline import build_nlp

    nlp, matcher = build_nlp(lexicon)
    found = {span.kb_id_ for span in matcher(nlp(text)).ents}
    assert expected <= found
    assert not (not_expected & found)


# --- identifiers ----------------------------------------------------------------------------------

SCHEMES_BY_TYPE = {
    "Substance": {"wikidata", "unii", "mesh", "pubchem"},
    "Compound": {"chebi", "pubchem", "unii", "mesh", "wikidata"},
    "Alkaloid": {"chebi", "pubchem", "unii", "mesh", "wikidata"},
    "Neurotransmitter": {"chebi", "pubchem", "unii", "mesh", "wikidata"},
    "Receptor": {"hgnc", "iuphar", "wikidata"},
    "Condition": {"mesh", "mondo", "hp", "wikidata"},
    "Risk": {"mesh", "mondo", "hp", "wikidata"},
}


def test_identifiers_are_well_formed_and_fit_the_type(lexicon):
    for entity in lexicon:
        for scheme, local in entity.xrefs:
            assert XREF_SCHEMES[scheme][0].match(local), f"{entity.id}: {scheme} {local}"
            assert scheme in SCHEMES_BY_TYPE[entity.type], (
                f"{entity.id}: {scheme} on a {entity.type}"
            )


def test_no_identifier_is_shared_by_two_entities(lexicon):
    owners = Counter((scheme, local) for e in lexicon for scheme, local in e.xrefs)
    assert [pair for pair, n in owners.items() if n > 1] == []


def test_identifiers_are_documented_in_sources(lexicon):
    """Each xref has a row `| `id` | scheme | `value` | source |` in SOURCES.md, and back."""
    rows = set()
    for line in (LEXICON_DIR / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        match = re.match(r"\| `([a-z0-9-]+)` \| (\w+) \| `([^`]+)` \| (.+?) \|", line)
        if match:
            rows.add(match.group(1, 2, 3))
            assert len(match.group(4).strip()) > 5, f"no source given for {match.group(1)}"
    xrefs = {(e.id, scheme, local) for e in lexicon for scheme, local in e.xrefs}
    assert xrefs == rows


def test_some_identifiers_per_kind(lexicon):
    schemes = Counter(scheme for e in lexicon for scheme, _ in e.xrefs)
    assert schemes["pubchem"] >= 30 and schemes["mesh"] >= 40 and schemes["hgnc"] >= 10


def test_readme_documents_how_to_add_a_substance():
    text = (LEXICON_DIR / "README.md").read_text(encoding="utf-8")
    for needle in (
        "--lexicon",
        "abbreviations",
        "surface form",
        "load_lexicon",
        "xrefs",
        "SOURCES.md",
    ):
        assert needle in text


# --- the validator rejects bad files -------------------------------------------------------------


def write(tmp_path: Path, *records: dict | str, name: str = "extra.jsonl") -> Path:
    path = tmp_path / name
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n",
        encoding="utf-8",
    )
    return path


def entity(**fields) -> dict:
    return {"id": "blue-vervain", "label": "blue vervain", "type": "Substance", **fields}


def test_a_valid_extra_file_loads_alone_and_with_the_package(tmp_path):
    path = write(
        tmp_path,
        entity(
            synonyms=["Verbena hastata"],
            abbreviations=["BV"],
            xrefs={"wikidata": "Q1"},
            definition="A test plant.",
        ),
        "// comments and blank lines are skipped",
        "",
    )
    alone = load_lexicon([path], packaged=False)
    assert len(alone) == 1 and alone["blue-vervain"].synonyms == ("Verbena hastata",)
    assert "blue-vervain" in load_lexicon([path]) and "kratom" in load_lexicon([path])


def test_rejects_a_surface_form_claimed_by_two_entities(tmp_path):
    path = write(
        tmp_path,
        entity(synonyms=["simpler's joy"]),
        {"id": "joy", "label": "Simplers Joys", "type": "Substance"},
    )
    with pytest.raises(
        LexiconError,
        match=r"extra.jsonl:2: surface form 'Simplers Joys' of 'joy' "
        r"is already used by 'blue-vervain'",
    ):
        load_lexicon([path], packaged=False)


def test_rejects_a_surface_form_of_the_packaged_lexicon(tmp_path):
    path = write(tmp_path, entity(synonyms=["Mitragyna speciosa"]))
    with pytest.raises(LexiconError, match="already used by 'kratom'"):
        load_lexicon([path])


def test_rejects_a_duplicate_id(tmp_path):
    path = write(tmp_path, entity(), entity(label="vervain"))
    with pytest.raises(LexiconError, match="extra.jsonl:2: duplicate id 'blue-vervain'"):
        load_lexicon([path], packaged=False)


def test_rejects_an_unknown_key(tmp_path):
    path = write(tmp_path, entity(synonym=["vervain"]))
    with pytest.raises(LexiconError, match=r"extra.jsonl:1: unknown key\(s\) \['synonym'\]"):
        load_lexicon([path], packaged=False)


def test_rejects_a_missing_key(tmp_path):
    path = write(tmp_path, {"id": "blue-vervain", "label": "blue vervain"})
    with pytest.raises(LexiconError, match=r"missing key\(s\) \['type'\]"):
        load_lexicon([path], packaged=False)


def test_rejects_a_bad_type(tmp_path):
    path = write(tmp_path, entity(type="Plant"))
    with pytest.raises(LexiconError, match="type 'Plant' is not one of"):
        load_lexicon([path], packaged=False)


@pytest.mark.parametrize(
    ("xrefs", "message"),
    [
        ({"chebi": "6956"}, "chebi identifier '6956' is malformed"),
        ({"pubchem": "CID2519"}, "pubchem identifier 'CID2519' is malformed"),
        ({"wikidata": "q123"}, "wikidata identifier 'q123' is malformed"),
        ({"mesh": "D1234"}, "mesh identifier 'D1234' is malformed"),
        ({"hgnc": "8156"}, "hgnc identifier '8156' is malformed"),
        ({"mondo": "MONDO:12"}, "mondo identifier 'MONDO:12' is malformed"),
        ({"cas": "50-00-0"}, "unknown identifier scheme 'cas'"),
        (["CHEBI:1"], "'xrefs' must be an object"),
    ],
)
def test_rejects_a_malformed_identifier(tmp_path, xrefs, message):
    path = write(tmp_path, entity(xrefs=xrefs))
    with pytest.raises(LexiconError, match=re.escape(message)):
        load_lexicon([path], packaged=False)


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (entity(id="Blue Vervain"), "id 'Blue Vervain' must be lower-case"),
        (entity(label=" "), "label must be a non-empty string"),
        (entity(synonyms="vervain"), "'synonyms' must be a list of non-empty strings"),
        (entity(abbreviations=[""]), "'abbreviations' must be a list of non-empty strings"),
        (entity(broader=3), "'broader' must be an entity id"),
        (entity(definition=["a"]), "'definition' must be a string"),
        ('{"id": "blue-vervain",}', "invalid JSON"),
        ('["blue-vervain"]', "each line must be a JSON object"),
    ],
)
def test_rejects_bad_values(tmp_path, record, message):
    path = write(tmp_path, record)
    with pytest.raises(LexiconError, match=re.escape(message)):
        load_lexicon([path], packaged=False)


def test_rejects_a_dangling_broader_link(tmp_path):
    path = write(tmp_path, entity(broader="verbena-family"))
    with pytest.raises(LexiconError, match="'broader' names unknown entity 'verbena-family'"):
        load_lexicon([path], packaged=False)


def test_rejects_a_missing_file(tmp_path):
    with pytest.raises(LexiconError, match="no such lexicon file or folder"):
        load_lexicon([tmp_path / "nope.jsonl"], packaged=False)
