"""Whole-page tests, round 2: pages about substances the lexicon lacks (issue 9).

Seven pages written for this test in the styles of the hidden sets: a vendor product page, an \
SEO
listicle, a first-person review, a forum reply, a news story about a warning, a trial abstract
and a case report. None of their substances (mullein, moringa, shilajit, elderberry, tianeptine,
Nigella sativa, Garcinia cambogia) is in the lexicon: every subject is discovered.

JUDGED uses the format of tests/test_pages.py ("+" expected and found with the right
level/hedged/negated, "-" expected but missed or mislabelled, "~" optional). PRECISION holds the
page precision measured when the pages were written; it may drop by 0.05 at most. RECALL_FLOOR \
is
the pooled recall (subject, relation, object) over the "+" and "-" lines, measured then, minus \
0.05.
"""

from __future__ import annotations

import pytest

from kgbuild.extract import Extractor
from kgbuild.readers.corpus import read_document
from tests.test_pages import expand, tuple_of

VENDOR = """\
# Organic Mullein Leaf Capsules – 90 Count

Our mullein leaf capsules are made from wild-harvested Verbascum thapsus leaves, dried at low \
temperature to protect the active compounds.

**Why customers love it**

- Supports healthy lung function and clear breathing
- Promotes relief from occasional cough
- Doctor formulated and third-party tested
- Traditionally used for sore throat and chest congestion

Mullein has been used in European folk medicine for centuries to soothe coughs and bronchitis. \
Mullein leaf contains saponins, mucilage and flavonoids such as verbascoside.

**Suggested use:** Take 2 capsules daily with water.

**Warning:** Consult your doctor if you are pregnant or nursing. Some people may experience \
skin irritation or an upset stomach.

*These statements have not been evaluated by the Food and Drug Administration. This product is \
not intended to diagnose, treat, cure or prevent any disease.*
"""

LISTICLE = """\
# 7 Science-Backed Benefits of Moringa

Moringa (Moringa oleifera) is a fast-growing tree native to India. Its leaves are sold as \
powder, tea and capsules.

## 1. May Lower Blood Sugar

Several small studies suggest that moringa leaf powder can reduce blood sugar levels in people \
with diabetes.

## 2. Fights Inflammation

Moringa contains isothiocyanates, which have been shown to reduce inflammation in animal \
studies.

## 3. May Protect Against Arsenic Toxicity

Animal studies have found that moringa leaves may protect against some effects of arsenic \
toxicity.

## 4. Helps With Anemia

Because it is rich in iron, moringa is often recommended for anemia.

## 5. Supports Healthy Cholesterol Levels

Moringa may help lower high cholesterol, according to research in rats.

## Side effects

Moringa is generally safe, but the root and bark may cause uterine contractions. High doses \
can cause diarrhea and heartburn.
"""

REVIEW = """\
# I Tried Shilajit for 30 Days: Here's What Happened

I'd read that shilajit helps with fatigue and low testosterone, so I decided to give it a shot.

I took 300 mg of shilajit resin every morning for a month. The first week I honestly felt \
nothing. By week two I noticed my energy was way better and my afternoon crashes were gone.

Shilajit also gave me headaches for the first few days, and I had some mild nausea when I took \
it on an empty stomach.

My brother swears it cured his joint pain, but I can't say it did anything for my knees.

Would I recommend it? Maybe. Just buy from a brand that tests for heavy metals, because raw \
shilajit can contain lead and arsenic.
"""

FORUM = """\
Re: Elderberry for colds?

I've been giving my kids elderberry syrup every winter for three years and honestly they get \
way fewer colds. My pediatrician said there's some evidence it shortens the flu, but not a \
lot.

One warning though: raw elderberries can cause vomiting and diarrhea, so only use cooked syrup \
or gummies. Also I read that elderberry might not be safe if you have an autoimmune disease.
"""

NEWS = """\
# FDA Warns Consumers About Tianeptine Products Sold as Supplements

The U.S. Food and Drug Administration on Tuesday warned consumers not to buy or use \
tianeptine, an unapproved drug sold at gas stations and online as a dietary supplement.

Tianeptine has been linked to serious side effects, including seizures, loss of consciousness \
and death, the agency said. Poison control centers reported a sharp rise in calls involving \
the substance, with symptoms such as agitation, drowsiness, confusion, sweating, rapid \
heartbeat and high blood pressure.

Some companies market tianeptine for depression, anxiety and opioid withdrawal. The FDA said \
it has not approved tianeptine for any medical use.

People who stop taking tianeptine after heavy use may experience withdrawal symptoms similar \
to those of opioids.
"""

ABSTRACT = """\
Black seed (Nigella sativa) oil for mild asthma: a randomized, placebo-controlled trial

Background: Nigella sativa seeds contain thymoquinone, which has anti-inflammatory and \
bronchodilator activity in animal models.

Methods: Eighty adults with mild asthma were randomized to black seed oil capsules (500 mg \
twice daily) or placebo for 12 weeks.

Results: Black seed oil significantly improved asthma control scores and reduced blood \
eosinophils compared with placebo. Adverse events were mild and included abdominal discomfort \
and nausea.

Conclusions: Black seed oil may be a useful add-on treatment for asthma. Larger trials are \
needed.
"""

CASE_REPORT = """\
# Acute liver injury associated with Garcinia cambogia: a case report

A 34-year-old woman presented with jaundice, fatigue and abdominal pain after taking a \
weight-loss supplement containing Garcinia cambogia extract for six weeks.

Laboratory tests showed elevated liver enzymes. Other causes of hepatitis were excluded. Liver \
biopsy revealed acute hepatitis consistent with drug-induced liver injury.

The supplement was stopped and her liver function returned to normal within three months.

Garcinia cambogia is widely marketed for weight loss, but several cases of hepatotoxicity have \
been reported in the literature. Clinicians should ask patients about herbal supplement use.
"""

JUDGED = {
    "vendor.md": """
~ Supports healthy lung function => d-mullein claimedFor d-lung-function unstated
+ Promotes relief from occasional cough => d-mullein claimedFor hp-0012735 unstated
+ Traditionally used for sore throat => d-mullein claimedFor hp-0033050 traditional
+ Traditionally used for sore throat => d-mullein claimedFor d-chest-congestion traditional
+ European folk medicine => d-mullein claimedFor hp-0012735|hp-0012387 traditional
+ flavonoids such as verbascoside => d-mullein contains d-verbascoside unstated
~ flavonoids such as verbascoside => d-mullein contains d-saponin unstated
+ may experience skin irritation => d-mullein hasRisk d-skin-irritation unstated H
+ may experience skin irritation => d-mullein hasRisk gastrointestinal-problems unstated H
""",
    "listicle.md": """
- May Lower Blood Sugar => d-moringa claimedFor hp-0003074 unstated H
+ reduce blood sugar levels => d-moringa claimedFor diabetes research H
+ Fights Inflammation => d-moringa claimedFor inflammation unstated
+ Moringa contains isothiocyanates => d-moringa contains d-isothiocyanate unstated
+ Moringa contains isothiocyanates => d-isothiocyanate claimedFor inflammation research
~ Arsenic Toxicity => d-moringa claimedFor toxicity unstated H
~ effects of arsenic toxicity => d-moringa claimedFor toxicity research H
+ Helps With Anemia => d-moringa claimedFor hp-0001903 unstated
+ recommended for anemia => d-moringa claimedFor hp-0001903 unstated
+ lower high cholesterol => d-moringa claimedFor high-cholesterol research H
+ uterine contractions => d-moringa hasRisk d-uterine-contraction unstated H
+ diarrhea and heartburn => d-moringa hasRisk diarrhea|heartburn unstated
""",
    "review.md": """
+ helps with fatigue => d-shilajit claimedFor fatigue anecdotal
- helps with fatigue => d-shilajit claimedFor d-low-testosterone anecdotal
+ gave me headaches => d-shilajit hasRisk headache|nausea anecdotal
+ cured his joint pain => d-shilajit claimedFor joint-pain anecdotal
- contain lead and arsenic => d-shilajit hasRisk contamination unstated
""",
    "forum.md": """
+ fewer colds => d-elderberry claimedFor d-cold anecdotal
+ shortens the flu => d-elderberry claimedFor influenza research
+ can cause vomiting => d-elderberry hasRisk vomiting|diarrhea unstated
""",
    "news.md": """
~ linked to serious side effects => d-tianeptine hasRisk side-effects anecdotal
+ linked to serious side effects => d-tianeptine hasRisk seizures|hp-0007185|death anecdotal
+ Poison control centers => d-tianeptine hasRisk agitation|drowsiness anecdotal
+ Poison control centers => d-tianeptine hasRisk sweating|tachycardia|high-blood-pressure anecdotal
- Poison control centers => d-tianeptine hasRisk d-confusion anecdotal
+ market tianeptine => d-tianeptine claimedFor depression|anxiety|opioid-withdrawal unstated H
+ stop taking tianeptine => d-tianeptine hasRisk withdrawal-symptoms unstated H
""",
    "abstract.md": """
+ oil for mild asthma => d-nigella-sativa claimedFor hp-0002099 clinical
+ seeds contain thymoquinone => d-nigella-sativa contains d-thymoquinone unstated
+ seeds contain thymoquinone => d-thymoquinone claimedFor inflammation research
+ improved asthma control => d-nigella-sativa claimedFor hp-0002099 clinical
~ Adverse events were mild => d-nigella-sativa hasRisk side-effects unstated
+ Adverse events were mild => d-nigella-sativa hasRisk gastrointestinal-problems|nausea unstated
+ useful add-on treatment => d-nigella-sativa claimedFor hp-0002099 unstated H
""",
    "casereport.md": """
+ Acute liver injury associated => d-garcinia-cambogia hasRisk liver-toxicity anecdotal
- presented with jaundice => d-garcinia-cambogia hasRisk jaundice anecdotal
- presented with jaundice => d-garcinia-cambogia hasRisk fatigue|gastrointestinal-problems anecdotal
~ presented with jaundice => d-garcinia-cambogia claimedFor weight-loss unstated
- elevated liver enzymes => d-garcinia-cambogia hasRisk hp-0002910 anecdotal
- Liver biopsy revealed => d-garcinia-cambogia hasRisk hepatitis|liver-toxicity anecdotal
~ widely marketed for weight loss => d-garcinia-cambogia claimedFor weight-loss unstated H
+ cases of hepatotoxicity => d-garcinia-cambogia hasRisk liver-toxicity anecdotal
""",
}

PAGES = {
    "vendor.md": VENDOR,
    "listicle.md": LISTICLE,
    "review.md": REVIEW,
    "forum.md": FORUM,
    "news.md": NEWS,
    "abstract.md": ABSTRACT,
    "casereport.md": CASE_REPORT,
}
# precision measured when the pages were written (judged-correct claims / all claims)
PRECISION = {
    "vendor.md": 8 / 8,
    "listicle.md": 12 / 13,
    "review.md": 4 / 4,
    "forum.md": 4 / 4,
    "news.md": 13 / 13,
    "abstract.md": 8 / 9,
    "casereport.md": 7 / 7,
}
RECALL_FLOOR = 50 / 57 - 0.05


def judged(name: str) -> list[tuple[str, str, set[tuple]]]:
    rows = []
    for line in JUDGED[name].strip().split("\n"):
        mark, rest = line[0], line[2:]
        fragment, _, specs = rest.partition(" => ")
        assert mark in "+-~" and specs, line
        rows.append((mark, fragment, set().union(*(expand(s) for s in specs.split(";")))))
    return rows


@pytest.fixture(scope="module")
def mentions(tmp_path_factory) -> dict[str, list]:
    extractor = Extractor.create()
    root = tmp_path_factory.mktemp("unknown-pages")
    found = {}
    for name, text in PAGES.items():
        (root / name).write_text(text, encoding="utf-8")
        found[name] = extractor.extract_alone(read_document(root / name, root)).mentions
    return found


def score(mentions) -> dict[str, tuple[int, int, int, int]]:
    """Per page: (judged-correct claims, all claims, required found, required)."""
    out = {}
    for name in PAGES:
        rows = judged(name)
        got = mentions[name]
        correct = sum(
            any(f in m.sentence and tuple_of(m)[:3] in {c[:3] for c in cs} for _, f, cs in rows)
            for m in got
        )
        required = [(f, c[:3]) for mark, f, cs in rows if mark in "+-" for c in cs]
        found = sum(any(f in m.sentence and tuple_of(m)[:3] == c for m in got) for f, c in required)
        out[name] = (correct, len(got), found, len(required))
    return out


@pytest.mark.parametrize("name", list(PAGES))
def test_required_claims_are_found(mentions, name):
    got = {(m.sentence, tuple_of(m)) for m in mentions[name]}
    missing = [
        (fragment, claim)
        for mark, fragment, claims in judged(name)
        if mark == "+"
        for claim in sorted(claims)
        if not any(fragment in sentence and c == claim for sentence, c in got)
    ]
    assert not missing


@pytest.mark.parametrize("name", list(PAGES))
def test_page_precision(mentions, name):
    correct, total, _, _ = score(mentions)[name]
    assert correct / max(total, 1) >= PRECISION[name] - 0.05


def test_pooled_recall(mentions):
    scores = score(mentions).values()
    assert sum(s[2] for s in scores) / sum(s[3] for s in scores) >= RECALL_FLOOR


@pytest.mark.parametrize("name", list(PAGES))
def test_judgement_fragments_are_in_the_page(name):
    assert [f for _, f, _ in judged(name) if f not in PAGES[name]] == []
