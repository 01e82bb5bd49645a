"""Whole-page tests: precision and recall of the extractor on page-like documents.

Nine hand-written pages in the styles of the scored set (encyclopedia article, SEO listicle, vendor
page, news report, forum thread, structured abstract, fact sheet, Markdown table page, HTML page).
For each page, JUDGED lists every claim `GUIDELINES.md` calls for, one line per sentence:

    + fragment => claims    expected, and produced now with the right level/hedged/negated
                            (asserted)
    - fragment => claims    expected, but missed or produced with a wrong level/hedged/negated
    ~ fragment => claims    acceptable: an optional reading, neither rewarded nor penalised

`fragment` is a piece of the sentence; a claim is "subjects relation objects level [H] [N]" with
"a|b" lists (as in test_phenomena.py). An extractor claim is judged correct when some line's
fragment is in its sentence and the line names its subject/relation/object (the scorer's match).
PRECISION holds the page precision measured when the page was written; it may drop by 0.05 at most.
"""

from __future__ import annotations

import itertools

import pytest

from kgbuild.extract import Extractor
from kgbuild.readers.corpus import read_document

LEVELS = {"clinical", "research", "anecdotal", "traditional", "unstated"}

ENCYCLOPEDIA = """\
# Kratom

Kratom (Mitragyna speciosa) is a tropical evergreen tree in the coffee family native to Southeast \
Asia.[1] Its leaves have been chewed by farm workers in Thailand and Malaysia for centuries.[2]

## Chemistry

The leaves contain more than forty alkaloids.[3] The most abundant is mitragynine, which accounts \
for up to two thirds of the alkaloid content.[3] A minor alkaloid, 7-hydroxymitragynine, is \
considerably more potent.[4] Mitragynine is a partial agonist at the mu-opioid receptor.[4] Both \
alkaloids also bind to adrenergic receptors and serotonin receptors.[5]

## Uses

In Southeast Asia kratom has traditionally been used to treat diarrhea, fatigue and muscle \
pain.[2] In the United States, people report using kratom to self-manage opioid withdrawal and \
chronic pain.[6] Some users also take it for anxiety and depression, although evidence for these \
uses is limited.[6] A 2020 survey of 2,798 adults found that most respondents used kratom to \
relieve pain.[7]

## Adverse effects

Common side effects include nausea, constipation and weight loss.[8] Regular use can lead to \
dependence, and stopping abruptly may produce withdrawal symptoms such as irritability and muscle \
aches.[8] Case reports have described liver injury and seizures in kratom users.[9] Kratom has \
been associated with deaths, usually in combination with other substances.[10]

## Legal status

The United States Food and Drug Administration has not approved kratom for any medical use.[11] \
The FDA has warned consumers not to use kratom because of the risk of addiction and abuse.[11] \
Several countries, including Australia and Sweden, control kratom as a narcotic.[12]
"""

LISTICLE = """\
# 7 Science-Backed Benefits of Ashwagandha (2024 Guide)

Ashwagandha (Withania somnifera) is one of the most important herbs in Ayurveda. It is classified \
as an adaptogen, which means it may help your body manage stress.

## 1. May Reduce Stress and Anxiety

Ashwagandha is best known for its ability to reduce stress. In a randomized controlled trial, \
adults who took 600 mg of ashwagandha root extract daily had significantly lower cortisol levels \
than those on placebo. Other studies suggest it may also ease symptoms of anxiety.

## 2. Can Help You Sleep Better

Many people take ashwagandha to support restful sleep. A meta-analysis of five trials found a \
small but significant effect on sleep quality in adults with insomnia.

## 3. May Boost Testosterone in Men

Ashwagandha supplements have been linked to higher testosterone levels and better sperm quality.

## 4. Could Sharpen Memory

Ashwagandha contains withanolides, compounds that have shown antioxidant effects in animal \
studies. Preliminary research suggests these compounds may protect against cognitive decline.

## Side Effects

- Upset stomach and diarrhea
- Drowsiness
- Rare cases of liver injury

## FAQ

**Is ashwagandha safe for everyone?**
No. Pregnant women should avoid it because it may cause miscarriage. People with thyroid disease \
should talk to a doctor first, as ashwagandha can raise thyroid hormone levels.

**Does ashwagandha work for depression?**
There is not enough evidence to say whether ashwagandha helps with depression.

**How long does it take to work?**
Most people notice benefits after two to four weeks.
"""

VENDOR = """\
# Noble Fiji Kava Root Powder - 250 g

4.8 out of 5 stars (312 reviews)

Our premium noble kava is sourced from family farms on Vanua Levu and stone-ground to a fine \
powder. Every batch is lab tested for kavalactone content and heavy metals.

## Why our customers love it

- Naturally rich in kavalactones (up to 12%)
- Traditional Fijian relaxation drink
- Helps you unwind after a long day
- Non-habit forming

Kava has been enjoyed in Pacific island ceremonies for over 3,000 years. Kavalactones, the active \
compounds in kava root, interact with GABA-A receptors in the brain. Many of our customers tell \
us that a shell of kava before bed helps them fall asleep. Others use it to take the edge off \
social anxiety.

## How to prepare

Mix 2 tablespoons of powder with 250 ml of water and knead in a strainer bag for ten minutes.

## Safety information

These statements have not been evaluated by the Food and Drug Administration. This product is not \
intended to diagnose, treat, cure or prevent any disease. Do not combine with alcohol. Excessive \
long-term use may cause dry, scaly skin (kava dermopathy). Rare cases of liver damage have been \
reported with kava extracts, although noble kava root has not been linked to liver problems in \
traditional use. Consult your physician if you are pregnant or taking prescription medications.
"""

NEWS = """\
# County reports third kratom-related death as state weighs ban

By Staff Reporter | March 14, 2024

SPRINGFIELD - The county medical examiner on Tuesday confirmed that a 29-year-old man died of \
mitragynine toxicity, the third death linked to kratom in the county this year.

The man's family said he had started taking kratom capsules to manage back pain after a work \
injury. "He thought it was a safe, natural alternative to pills," his sister said.

Toxicology reports found no other drugs in his system, according to the medical examiner's \
office.

Kratom, sold in gas stations and smoke shops as powders, capsules and energy shots, comes from \
the leaves of a Southeast Asian tree. Its main alkaloid, mitragynine, acts on the same brain \
receptors as morphine.

Last month, the Food and Drug Administration announced a voluntary recall of several kratom \
products after testing found salmonella contamination. The agency has also warned that \
concentrated 7-hydroxymitragynine products carry a high risk of addiction and overdose.

Dr. Lena Ortiz, an addiction specialist at Springfield General, said she sees several patients a \
month who have become dependent on kratom. "People start using it for opioid withdrawal, and \
within months they are taking it every few hours to avoid withdrawal," Ortiz said.

Advocates dispute that picture. The American Kratom Association says millions of Americans use \
kratom responsibly to manage pain, anxiety and fatigue. The group argues that most deaths involve \
other substances, such as fentanyl.

A bill before the state legislature would ban the sale of kratom to people under 21 and require \
labels warning of the risk of dependence. Lawmakers are expected to vote on the measure next \
week.
"""

FORUM = """\
Re: Anything natural for sleep that actually works?

**nightowl_88** wrote:

> I've been lying awake until 3am for months. Tried chamomile tea, did nothing. Anyone have luck \
with valerian or melatonin?

**sleepyhead42** replied:

Valerian worked for me but it took like two weeks to kick in. Smells like old socks though lol. \
My doctor said there isn't much solid evidence that valerian helps with insomnia, but for me it \
definitely did.

Melatonin is better for jet lag than for regular insomnia imo. I take 0.5 mg, the big 10 mg doses \
gave me crazy dreams and a headache the next morning.

**GreenTeaGuy** replied:

+1 for passionflower. I drink it as a tea and it calms my racing thoughts at night. I read that \
it boosts GABA in the brain, which is supposedly why it helps with anxiety.

Also look into L-theanine. It's the amino acid in green tea, and there are a couple of small \
studies showing it improves sleep quality in kids with ADHD.

**nightowl_88** replied:

Thanks all. Is it safe to mix valerian with my sertraline?

**sleepyhead42** replied:

I wouldn't without asking your pharmacist. Valerian can make you really drowsy, and stacking it \
with other sedatives is a bad idea.
"""

ABSTRACT = """\
# Rhodiola rosea extract for mild to moderate depression: a randomized, double-blind, \
placebo-controlled trial

**Background:** Rhodiola rosea is an adaptogenic herb traditionally used in Scandinavia and \
Russia to combat fatigue. Its principal constituents, salidroside and rosavins, have been \
reported to modulate serotonin and norepinephrine in animal models.

**Objective:** To compare the efficacy and safety of a standardized Rhodiola rosea extract with \
sertraline and placebo in adults with mild to moderate major depressive disorder.

**Methods:** In this 12-week randomized controlled trial, 57 adults were assigned to Rhodiola \
extract (340-1360 mg/day), sertraline (50-200 mg/day) or placebo. The primary outcome was change \
in the Hamilton Depression Rating Scale.

**Results:** Rhodiola produced a modest reduction in depressive symptoms that did not differ \
significantly from placebo (p = 0.26). Sertraline showed a larger effect. Adverse events were \
reported by 30% of participants taking Rhodiola, compared with 63% taking sertraline; the most \
common were nausea and headache.

**Conclusions:** Rhodiola rosea did not significantly outperform placebo for depression in this \
sample, but it was better tolerated than sertraline. Larger trials are needed to determine \
whether rhodiola is effective for depression and stress-related fatigue.

**Keywords:** Rhodiola rosea; depression; adaptogen; salidroside; fatigue
"""

FACT_SHEET = """\
# St. John's Wort and Depression: In Depth

## Key Facts

- St. John's wort has been studied extensively for depression, but results have been mixed.
- St. John's wort interacts with many medications, sometimes in dangerous ways.
- It is not approved by the FDA as a treatment for depression.

## What Is St. John's Wort?

St. John's wort (Hypericum perforatum) is a plant with yellow flowers. It has been used for \
centuries to treat mental disorders and nerve pain. Today it is sold as capsules, tablets, teas \
and liquid extracts.

The plant contains hypericin and hyperforin. Laboratory studies show that hyperforin inhibits the \
reuptake of serotonin, dopamine and norepinephrine.

## What the Science Says

- A 2016 meta-analysis of 35 studies found that St. John's wort was more effective than placebo \
for mild to moderate depression.
- A large trial sponsored by the National Institutes of Health found that St. John's wort was no \
more effective than placebo for major depression of moderate severity.
- There is little research on St. John's wort for menopausal symptoms or ADHD, and what exists \
does not show a benefit.

## Safety

- Combining St. John's wort with certain antidepressants can lead to serotonin syndrome, a \
potentially life-threatening condition.
- St. John's wort can weaken the effects of many medicines, including birth control pills, \
warfarin and HIV drugs.
- Other side effects may include insomnia, anxiety, dry mouth, dizziness and sensitivity to \
sunlight.
"""

TABLE = """\
# Kava vs. Valerian vs. Passionflower vs. Chamomile: Which Calming Herb Is Right for You?

Choosing between calming herbs can be confusing. We compared four popular options on what they \
are used for, what is in them and what to watch out for.

| Herb | Main compounds | Commonly used for | Evidence | Possible side effects |
|---|---|---|---|---|
| Kava | Kavalactones | Anxiety | Several clinical trials | Liver damage, drowsiness |
| Valerian | Valerenic acid, valepotriates | Insomnia | Mixed clinical results | Headache, \
dizziness |
| Passionflower | Chrysin, apigenin | Anxiety, insomnia | Small studies | Drowsiness, confusion |
| Chamomile | Apigenin | Sleep, upset stomach | Limited | Allergic reactions |

## Our take

Kava has the strongest evidence of the four for anxiety: a Cochrane review of seven trials \
concluded that kava extract reduces anxiety compared with placebo. However, it is also the only \
one linked to serious liver injury.

Valerian is the most popular sleep herb in Europe, but clinical trials have produced inconsistent \
results for insomnia. Apigenin, found in both chamomile and passionflower, binds to \
benzodiazepine sites on GABA-A receptors, which may explain their mild sedative effect.

None of these herbs should be combined with alcohol or sleeping pills, since they may increase \
sedation.
"""

HTML = """\
<!DOCTYPE html>
<html><head><title>CBD Oil: Uses, Side Effects and Evidence | HealthHub</title></head><body>
<header><nav><a href="/">Home</a> | <a href="/supplements">Supplements</a> | <a \
href="/sleep">Sleep</a></nav></header>
<main><article>
<h1>CBD Oil: Uses, Side Effects and Evidence</h1>
<p class="byline">Medically reviewed by Dr. A. Chen, PharmD. Updated June 2024</p>
<p>Cannabidiol (CBD) is one of more than 100 cannabinoids found in the cannabis plant. Unlike \
THC, CBD does not produce a high.</p>
<h2>How does CBD work?</h2>
<p>CBD has a low affinity for CB1 and CB2 receptors. Instead, it is thought to act on serotonin \
5-HT1A receptors and to raise levels of the body's own endocannabinoid anandamide.</p>
<h2>What is CBD used for?</h2>
<ul>
<li><strong>Epilepsy:</strong> A prescription CBD medicine (Epidiolex) is approved to treat \
seizures in Lennox-Gastaut syndrome and Dravet syndrome after clinical trials showed fewer \
seizures.</li>
<li><strong>Anxiety:</strong> Small studies suggest CBD may reduce anxiety before public \
speaking.</li>
<li><strong>Chronic pain:</strong> Many people use CBD for arthritis and back pain, but \
high-quality evidence is lacking.</li>
<li><strong>Sleep:</strong> Some users report that CBD helps them sleep, though research results \
are mixed.</li>
</ul>
<h2>Side effects and risks</h2>
<p>CBD can cause diarrhea, drowsiness and changes in appetite. In clinical trials of Epidiolex, \
some patients developed elevated liver enzymes. CBD also inhibits CYP3A4, so it may interact with \
blood thinners and other medicines.</p>
<p>Because CBD products are poorly regulated, tests have found that some contain THC or less CBD \
than the label says.</p>
</article>
<aside><h3>Related</h3><ul><li><a href="/melatonin">Melatonin for sleep: does it \
work?</a></li><li><a href="/kava">Kava and liver damage</a></li></ul></aside>
</main>
<footer><p>This content is for information only and is not medical advice. Copyright 2024 \
HealthHub</p></footer>
</body></html>
"""

JUDGED = {
    "encyclopedia.md": """
- The most abundant is mitragynine => kratom contains mitragynine unstated
- A minor alkaloid, 7-hydroxymitragynine => kratom contains 7-hydroxymitragynine unstated
+ partial agonist at the mu-opioid => mitragynine actsOn mu-opioid-receptor unstated
+ Both alkaloids also bind => mitragynine actsOn adrenergic-receptor|serotonin-receptor unstated
- Both alkaloids also bind => 7-hydroxymitragynine actsOn adrenergic-receptor unstated
- Both alkaloids also bind => 7-hydroxymitragynine actsOn serotonin-receptor unstated
+ traditionally been used to treat => kratom claimedFor diarrhea|fatigue|muscle-pain traditional
+ people report using kratom => kratom claimedFor opioid-withdrawal|pain anecdotal
- Some users also take it => kratom claimedFor anxiety|depression anecdotal H
- A 2020 survey => kratom claimedFor pain research
+ Common side effects include => kratom hasRisk side-effects|nausea unstated
+ Common side effects include => kratom hasRisk constipation|weight-loss unstated
+ Regular use can lead => kratom hasRisk dependency unstated
+ Regular use can lead => kratom hasRisk withdrawal-symptoms|irritability|muscle-pain unstated H
+ Case reports have described => kratom hasRisk liver-toxicity|seizures anecdotal
- has been associated with deaths => kratom hasRisk death unstated
+ because of the risk of addiction => kratom hasRisk addiction|abuse unstated
""",
    "listicle.md": """
+ which means it may help => ashwagandha claimedFor stress unstated H
+ ## 1. May Reduce Stress => ashwagandha claimedFor stress|anxiety unstated H
~ ## 2. Can Help You Sleep => ashwagandha claimedFor insomnia unstated H
+ best known for its ability => ashwagandha claimedFor stress unstated
+ In a randomized controlled trial => ashwagandha modulates cortisol clinical
+ Other studies suggest => ashwagandha claimedFor anxiety research H
~ Many people take ashwagandha => ashwagandha claimedFor insomnia anecdotal
- A meta-analysis of five trials => ashwagandha claimedFor insomnia clinical
+ Ashwagandha contains withanolides => ashwagandha contains withanolides unstated
~ Ashwagandha contains withanolides => withanolides claimedFor oxidative-stress research
+ Preliminary research suggests => withanolides claimedFor cognitive-decline research H
+ Upset stomach and diarrhea => ashwagandha hasRisk gastrointestinal-problems|diarrhea unstated
+ - Drowsiness => ashwagandha hasRisk drowsiness unstated
+ Rare cases of liver injury => ashwagandha hasRisk liver-toxicity anecdotal
- may cause miscarriage => ashwagandha hasRisk miscarriage unstated H
~ raise thyroid hormone => ashwagandha hasRisk thyroid-problems unstated
~ Does ashwagandha work for depression => ashwagandha claimedFor depression unstated H
+ not enough evidence to say => ashwagandha claimedFor depression unstated N
""",
    "vendor.md": """
~ lab tested for kavalactone => kava hasRisk heavy-metals unstated
- Naturally rich in kavalactones => kava contains kavalactones unstated
~ Non-habit forming => kava hasRisk dependency|addiction unstated N
+ the active compounds in kava root => kava contains kavalactones unstated
+ the active compounds in kava root => kavalactones actsOn gaba-a-receptor unstated
+ Many of our customers tell us => kava claimedFor insomnia anecdotal
- Others use it => kava claimedFor social-anxiety-disorder anecdotal
~ Do not combine with alcohol => kava hasRisk drug-interactions unstated
+ Excessive long-term use => kava hasRisk kava-dermopathy unstated H
+ Rare cases of liver damage => kava hasRisk liver-toxicity anecdotal
~ taking prescription medications => kava hasRisk drug-interactions unstated
""",
    "news.md": """
+ # County reports third => kratom hasRisk death anecdotal
+ died of mitragynine toxicity => mitragynine hasRisk death anecdotal
~ died of mitragynine toxicity => mitragynine hasRisk toxicity anecdotal
- died of mitragynine toxicity => kratom hasRisk death anecdotal
- started taking kratom capsules => kratom claimedFor back-pain anecdotal
+ Its main alkaloid, mitragynine => kratom contains mitragynine unstated
+ voluntary recall => kratom hasRisk salmonella unstated
~ voluntary recall => kratom hasRisk contamination unstated
+ concentrated 7-hydroxymitragynine => 7-hydroxymitragynine hasRisk addiction|overdose unstated
- sees several patients => kratom hasRisk dependency anecdotal
~ People start using it => kratom claimedFor opioid-withdrawal anecdotal
~ People start using it => kratom hasRisk withdrawal-symptoms|dependency anecdotal
- millions of Americans => kratom claimedFor pain|anxiety|fatigue anecdotal
~ most deaths involve => kratom hasRisk death unstated
+ labels warning of the risk => kratom hasRisk dependency unstated
""",
    "forum.md": """
~ Tried chamomile tea => chamomile claimedFor insomnia anecdotal N
~ Valerian worked for me => valerian claimedFor insomnia anecdotal
- isn't much solid evidence => valerian claimedFor insomnia anecdotal N
~ better for jet lag => melatonin claimedFor insomnia anecdotal
~ better for jet lag => melatonin claimedFor jet-lag anecdotal
- gave me crazy dreams => melatonin hasRisk headache anecdotal
~ calms my racing thoughts => passionflower claimedFor anxiety|hp-0033844 anecdotal
- I read that it boosts GABA => passionflower modulates gaba unstated
- I read that it boosts GABA => passionflower claimedFor anxiety unstated H
- the amino acid in green tea => green-tea contains l-theanine unstated
~ the amino acid in green tea => l-theanine claimedFor insomnia|adhd research
+ make you really drowsy => valerian hasRisk drowsiness unstated
~ make you really drowsy => valerian hasRisk drug-interactions unstated
""",
    "abstract.md": """
+ # Rhodiola rosea extract for => rhodiola claimedFor depression clinical
+ traditionally used in Scandinavia => rhodiola claimedFor fatigue traditional
- Its principal constituents => rhodiola contains salidroside|rosavins unstated
- Its principal constituents => salidroside|rosavins modulates serotonin|norepinephrine research
~ **Objective:** => rhodiola claimedFor depression unstated
- produced a modest reduction => rhodiola claimedFor depression clinical N
+ Adverse events were reported => rhodiola hasRisk side-effects clinical
- Adverse events were reported => rhodiola hasRisk nausea|headache clinical
+ did not significantly outperform => rhodiola claimedFor depression clinical N
+ Larger trials are needed => rhodiola claimedFor depression|fatigue unstated H
~ Larger trials are needed => rhodiola claimedFor stress unstated H
~ **Keywords:** => rhodiola claimedFor depression|fatigue unstated
""",
    "factsheet.md": """
~ # St. John's Wort and Depression => st-johns-wort claimedFor depression unstated
- studied extensively for depression => st-johns-wort claimedFor depression research H
+ interacts with many medications => st-johns-wort hasRisk drug-interactions unstated
+ It is not approved by the FDA => st-johns-wort claimedFor depression unstated N
~ used for centuries to treat => st-johns-wort claimedFor d-mental-disorder traditional
+ used for centuries to treat => st-johns-wort claimedFor neuropathic-pain traditional
- The plant contains hypericin => st-johns-wort contains hypericin|hyperforin unstated
+ Laboratory studies show => hyperforin modulates serotonin|dopamine|norepinephrine research
+ A 2016 meta-analysis => st-johns-wort claimedFor depression clinical
+ A large trial sponsored => st-johns-wort claimedFor depression clinical N
- There is little research => st-johns-wort claimedFor menopausal-symptoms|adhd research N
+ can lead to serotonin syndrome => st-johns-wort hasRisk serotonin-syndrome unstated
+ can weaken the effects => st-johns-wort hasRisk drug-interactions unstated
+ Other side effects may include => st-johns-wort hasRisk side-effects|insomnia|anxiety unstated H
+ Other side effects may include => st-johns-wort hasRisk dry-mouth|dizziness unstated H
+ Other side effects may include => st-johns-wort hasRisk photosensitivity unstated H
""",
    "table.md": """
- | Kava | Kavalactones => kava contains kavalactones unstated ; kava claimedFor anxiety clinical
- | Kava | Kavalactones => kava hasRisk liver-toxicity|drowsiness unstated
- | Valerian | Valerenic => valerian contains valerenic-acid|valepotriates unstated
- | Valerian | Valerenic => valerian claimedFor insomnia clinical H
- | Valerian | Valerenic => valerian hasRisk headache|dizziness unstated
- | Passionflower | Chrysin => passionflower contains chrysin|apigenin unstated
- | Passionflower | Chrysin => passionflower claimedFor anxiety|insomnia research
- | Passionflower | Chrysin => passionflower hasRisk drowsiness unstated
- | Chamomile | Apigenin => chamomile contains apigenin unstated
~ | Chamomile | Apigenin => chamomile claimedFor insomnia|gastrointestinal-problems unstated H
- | Chamomile | Apigenin => chamomile hasRisk allergic-reactions unstated
+ a Cochrane review of seven trials => kava claimedFor anxiety clinical
- the only one linked to serious liver => kava hasRisk liver-toxicity unstated
- clinical trials have produced inconsistent => valerian claimedFor insomnia clinical H
+ found in both chamomile => chamomile|passionflower contains apigenin unstated
- found in both chamomile => apigenin actsOn gaba-a-receptor unstated
~ None of these herbs => kava|valerian|passionflower|chamomile hasRisk drug-interactions unstated H
""",
    "cbd.html": """
+ cannabinoids found in the cannabis => cannabis contains cannabidiol unstated
~ cannabinoids found in the cannabis => cannabis contains cannabinoids unstated
~ CBD has a low affinity => cannabidiol actsOn cb1-receptor|cb2-receptor unstated
+ it is thought to act on => cannabidiol actsOn 5-ht1a-receptor unstated H
+ it is thought to act on => cannabidiol modulates anandamide unstated H
~ it is thought to act on => cannabidiol modulates endocannabinoids unstated H
+ (Epidiolex) is approved => cannabidiol claimedFor lennox-gastaut-syndrome|dravet-syndrome clinical
~ (Epidiolex) is approved => cannabidiol claimedFor epilepsy|seizures clinical
+ Small studies suggest CBD => cannabidiol claimedFor anxiety research H
- Many people use CBD => cannabidiol claimedFor arthritis|back-pain anecdotal N
~ Many people use CBD => cannabidiol claimedFor pain anecdotal N
~ Some users report that CBD => cannabidiol claimedFor insomnia anecdotal H
+ CBD can cause diarrhea => cannabidiol hasRisk diarrhea|drowsiness unstated
~ CBD can cause diarrhea => cannabidiol hasRisk loss-of-appetite unstated
+ elevated liver enzymes => cannabidiol hasRisk liver-toxicity clinical
+ CBD also inhibits CYP3A4 => cannabidiol actsOn cyp3a4 unstated
- CBD also inhibits CYP3A4 => cannabidiol hasRisk drug-interactions unstated H
~ poorly regulated => cannabidiol hasRisk contamination unstated
""",
}

# precision measured when the pages were written (judged-correct extractor claims / all of them)
PRECISION = {
    "encyclopedia.md": 24 / 24,
    "listicle.md": 18 / 18,
    "vendor.md": 6 / 7,
    "news.md": 13 / 13,
    "forum.md": 5 / 7,
    "abstract.md": 17 / 17,
    "factsheet.md": 21 / 23,
    "table.md": 24 / 24,
    "cbd.html": 20 / 21,
}
PAGES = {
    "encyclopedia.md": ENCYCLOPEDIA,
    "listicle.md": LISTICLE,
    "vendor.md": VENDOR,
    "news.md": NEWS,
    "forum.md": FORUM,
    "abstract.md": ABSTRACT,
    "factsheet.md": FACT_SHEET,
    "table.md": TABLE,
    "cbd.html": HTML,
}


def expand(spec: str) -> set[tuple]:
    subjects, relation, objects, level, *flags = spec.split()
    assert level in LEVELS and set(flags) <= {"H", "N"}, spec
    pairs = itertools.product(subjects.split("|"), objects.split("|"))
    return {(s, relation, o, level, "H" in flags, "N" in flags) for s, o in pairs}


def judged(name: str) -> list[tuple[str, str, set[tuple]]]:
    """(mark, fragment, claims) per line of JUDGED[name]."""
    rows = []
    for line in JUDGED[name].strip().split("\n"):
        mark, rest = line[0], line[2:]
        fragment, _, specs = rest.partition(" => ")
        assert mark in "+-~" and specs, line
        rows.append((mark, fragment, set().union(*(expand(s) for s in specs.split(";")))))
    return rows


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor.create()


@pytest.fixture(scope="module")
def mentions(extractor, tmp_path_factory) -> dict[str, list]:
    root = tmp_path_factory.mktemp("pages")
    found = {}
    for name, text in PAGES.items():
        (root / name).write_text(text, encoding="utf-8")
        found[name] = extractor.extract(read_document(root / name, root)).mentions
    return found


def tuple_of(m) -> tuple:
    return (m.subject, m.relation, m.object, m.level.label, m.hedged, m.negated)


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
    rows = judged(name)
    wrong = [
        (m.sentence[:60], tuple_of(m)[:3])
        for m in mentions[name]
        if not any(f in m.sentence and tuple_of(m)[:3] in {c[:3] for c in cs} for _, f, cs in rows)
    ]
    precision = 1 - len(wrong) / max(len(mentions[name]), 1)
    assert precision >= PRECISION[name] - 0.05, wrong


@pytest.mark.parametrize("name", list(PAGES))
def test_judgement_fragments_are_in_the_page(name):
    text = PAGES[name]
    rows = judged(name)
    assert [f for _, f, _ in rows if f not in text] == []
    assert any(mark == "+" for mark, _, _ in rows)


def test_html_page_drops_navigation_and_aside(mentions):
    sentences = " ".join(m.sentence for m in mentions["cbd.html"])
    assert "Related" not in sentences and "Melatonin for sleep" not in sentences
