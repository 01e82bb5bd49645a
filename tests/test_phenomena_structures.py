"""Phenomenon tests for issue 9, kinds 4-6: roles of a condition, claims spanning sentences and
structures (anaphora, column-wise tables, numbered headings in any style) and evidence cues.

Same case format as tests/test_phenomena.py (exact claim sets per `GUIDELINES.md`); every text
is written for these tests, in the styles of fact sheets, vendor pages, SEO lists, forums,
news and abstracts.
"""

from __future__ import annotations

import pytest

from kgbuild.extract import Extractor
from kgbuild.readers.corpus import read_document
from kgbuild.records import Document
from tests.test_phenomena import claims_of, parse_cases

CASES = """
== roles ==
[folk-use-of-a-risk] In folk medicine, kava was used for headaches and nausea.
=> kava claimedFor headache|nausea traditional
[traditional-treat-list] Kratom has been used traditionally to treat diarrhea, fatigue and
... vomiting. => kratom claimedFor diarrhea|fatigue|vomiting traditional
[sold-as-supplement-for] Valerian root is sold as a supplement for insomnia, anxiety and nausea.
=> valerian claimedFor insomnia|anxiety|nausea unstated H
[folk-remedy-place] Kava has been used as a folk remedy for anxiety and insomnia in the South
... Pacific. => kava claimedFor anxiety|insomnia traditional
[use-and-risk-same-condition] People take kava for nausea, but kava can cause nausea too.
=> kava claimedFor nausea unstated ; kava hasRisk nausea unstated
[withdrawal-symptoms-include] Kratom is a tree. Withdrawal symptoms include irritability,
... insomnia, nausea and muscle aches.
=> kratom hasRisk withdrawal-symptoms|irritability|insomnia|nausea|muscle-pain unstated
[symptoms-of-substance-withdrawal] Kratom is a tree. Symptoms of kratom withdrawal include
... irritability and insomnia.
=> kratom hasRisk withdrawal-symptoms|irritability|insomnia unstated
[symptoms-of-withdrawal-can-include] Kava is a drink. Symptoms of withdrawal can include anxiety,
... insomnia and vomiting. => kava hasRisk withdrawal-symptoms|anxiety|insomnia|vomiting unstated
[cause-withdrawal-such-as] Kratom is a tree. Stopping kratom abruptly can cause withdrawal
... symptoms such as insomnia and anxiety.
=> kratom hasRisk withdrawal-symptoms|insomnia|anxiety unstated
[ease-withdrawal-such-as] Kratom is a tree. People use kratom to ease withdrawal symptoms such
... as anxiety and insomnia. => kratom claimedFor withdrawal-symptoms|anxiety|insomnia unstated
[withdrawal-lead-in-list] The kratom plant is native to Southeast Asia. Withdrawal symptoms:
- insomnia
- irritability
=> kratom hasRisk withdrawal-symptoms|insomnia|irritability unstated
[overdose-signs-may-include] Kratom is a tree. Signs of an overdose may include seizures and
... vomiting. => kratom hasRisk overdose|seizures|vomiting unstated H
[exposure-symptoms-poison-centre] Kava is a drink. Exposure symptoms reported to poison centers
... included drowsiness, vomiting and tremor.
=> kava hasRisk drowsiness|vomiting|trembling anecdotal
[hyphenated-side-effects] Kratom is a tropical tree. Common side-effects include nausea and
... constipation.[12] => kratom hasRisk side-effects|nausea|constipation unstated
== shared-heads ==
[modifiers-share-problems] Serious effects have been reported in people who use kratom, including
... cardiovascular and gastrointestinal problems.
=> kratom hasRisk cardiovascular-problems|gastrointestinal-problems anecdotal
[muscle-and-joint-pain] Kava may cause muscle and joint pain.
=> kava hasRisk muscle-pain|joint-pain unstated H
[substance-list-not-distributed] Kratom, kava and valerian are herbs used for anxiety.
=> kratom|kava|valerian claimedFor anxiety unstated
== anaphora ==
[these-alkaloids] Kratom contains mitragynine and 7-hydroxymitragynine. These alkaloids bind to
... mu-opioid receptors.
=> kratom contains mitragynine|7-hydroxymitragynine unstated
=> mitragynine|7-hydroxymitragynine actsOn mu-opioid-receptor unstated
[such-as-then-these] Kratom contains several alkaloids, such as mitragynine and
... 7-hydroxymitragynine. These alkaloids are thought to relieve pain.
=> kratom contains mitragynine|7-hydroxymitragynine unstated
=> mitragynine|7-hydroxymitragynine claimedFor pain unstated H
[it-after-compound] Mitragynine is the main alkaloid in kratom. It binds to mu-opioid receptors
... and may relieve pain. => kratom contains mitragynine unstated
=> mitragynine actsOn mu-opioid-receptor unstated H ; mitragynine claimedFor pain unstated H
[it-binds-after-contains] Kratom contains mitragynine. It binds to mu-opioid receptors.
=> kratom contains mitragynine unstated ; mitragynine actsOn mu-opioid-receptor unstated
[it-used-after-contains] Kratom contains mitragynine. It is used for pain.
=> kratom contains mitragynine unstated ; kratom claimedFor pain unstated
[it-after-substance-in-substance] Caffeine is found in coffee. It blocks adenosine receptors.
=> coffee contains caffeine unstated ; caffeine actsOn adenosine-receptor unstated
[this-alkaloid] Kratom leaves contain mitragynine. This alkaloid acts on opioid receptors.
=> kratom contains mitragynine unstated ; mitragynine actsOn opioid-receptor unstated
[all-receptors-tested] Kava acts on GABA-A receptors. We found that kavain positively modulated
... all receptors tested.
=> kava actsOn gaba-a-receptor unstated ; kavain actsOn gaba-a-receptor research
[these-receptors-denied] Kratom acts on opioid receptors. Kava does not bind to these receptors.
=> kratom actsOn opioid-receptor unstated ; kava actsOn opioid-receptor unstated N
[these-receptors-nothing-before] Kava is a drink. These receptors are everywhere in the brain.
=> none
[it-is-found-in] Kratom is a tree. Mitragynine is an alkaloid. It is found in kratom leaves.
=> kratom contains mitragynine unstated
[it-occurs-naturally-in] Kratom is a tree. 7-hydroxymitragynine is an alkaloid. It occurs
... naturally in kratom leaves. => kratom contains 7-hydroxymitragynine unstated
[stop-using-it] Kratom is a tree. Withdrawal symptoms can include nausea, vomiting, and diarrhea
... when people stop using it.
=> kratom hasRisk withdrawal-symptoms|nausea|vomiting|diarrhea unstated
[risk-when-substance-used] Seizures have occurred in rare cases, when kratom was mixed with
... other drugs. => kratom hasRisk seizures unstated
[risk-if-substance-taken] Nausea may develop, especially if kava is taken on an empty stomach.
=> kava hasRisk nausea unstated H
[it-has-been-shown] Caffeine is a stimulant. It has been shown to reduce headache.
=> caffeine claimedFor headache research
== tables ==
[columns-are-substances] | Property | Kava | Valerian |
|---|---|---|
| Uses | anxiety | insomnia |
| Side effects | liver damage | headache |
=> kava claimedFor anxiety unstated ; valerian claimedFor insomnia unstated
=> kava hasRisk liver-toxicity unstated ; valerian hasRisk headache unstated
[columns-with-empty-corner] Comparison of two herbs

| | Kratom | Kava |
| --- | --- | --- |
| Main compounds | mitragynine | kavalactones |
| Traditionally used for | pain | anxiety |
| Risks | addiction, seizures | liver toxicity |
| Receptors | mu-opioid receptors | GABA-A receptors |
=> kratom contains mitragynine unstated ; kava contains kavalactones unstated
=> kratom claimedFor pain traditional ; kava claimedFor anxiety traditional
=> kratom hasRisk addiction|seizures unstated ; kava hasRisk liver-toxicity unstated
=> kratom actsOn mu-opioid-receptor unstated ; kava actsOn gaba-a-receptor unstated
[columns-are-compounds] | | Mitragynine | 7-hydroxymitragynine |
|---|---|---|
| Target | mu-opioid receptor | mu-opioid receptor |
| Effect | pain relief | pain relief |
=> mitragynine|7-hydroxymitragynine actsOn mu-opioid-receptor unstated
=> mitragynine|7-hydroxymitragynine claimedFor pain unstated
[rows-are-substances-still] | Substance | Used for | Side effect |
|---|---|---|
| Kava | anxiety | liver damage |
=> kava claimedFor anxiety unstated ; kava hasRisk liver-toxicity unstated
== numbered ==
[ideographic-step-hash] Benefits of kava
3、Reduces anxiety
Step 4: Helps insomnia
#5 – Eases pain
=> kava claimedFor anxiety|insomnia|pain unstated
[dot-numbers-may] Top 5 Benefits of Ashwagandha
1. Reduces Stress
2. Improves Sleep
3. May Ease Anxiety
=> ashwagandha claimedFor stress|insomnia unstated ; ashwagandha claimedFor anxiety unstated H
[hash-risks] Kratom risks
#1 – Can cause addiction
#2 – Liver damage
=> kratom hasRisk addiction|liver-toxicity unstated
[step-colon] Kava: what to know
Step 1: Relieves anxiety
Step 2: Promotes sleep
=> kava claimedFor anxiety|insomnia unstated
[paren-numbers-prose] 1) Better sleep
Valerian may help with insomnia.
2) Less anxiety
Kava relieves anxiety.
=> valerian claimedFor insomnia unstated H ; kava claimedFor anxiety unstated
[labelled-numbers] Valerian review
Benefit #2: Helps with insomnia
Risk #1: Can cause headaches
=> valerian claimedFor insomnia unstated ; valerian hasRisk headache unstated
[parenthesised-numbers] Kava facts
(1) Relieves anxiety
(2) May cause liver damage
=> kava claimedFor anxiety unstated ; kava hasRisk liver-toxicity unstated H
[roman-and-letters] Kratom overview
Ⅲ. Eases chronic pain
IV. Calms anxiety
a) Relieves stress
=> kratom claimedFor pain|anxiety|stress unstated
[forum-line-starting-with-i] Kava thread
I take kava for anxiety.
=> kava claimedFor anxiety anecdotal
== cues ==
[has-been-shown-to] Kava has been shown to reduce anxiety. => kava claimedFor anxiety research
[has-been-found-to] Valerian has been found to improve insomnia.
=> valerian claimedFor insomnia research
[were-also-shown] In later work, kava extracts were also shown to ease anxiety.
=> kava claimedFor anxiety research
[have-been-investigated] Kava is a drink. Its effects on anxiety have been investigated.
=> kava claimedFor anxiety research H
[animal-studies-have-shown] Animal studies have shown that ashwagandha lowers stress.
=> ashwagandha claimedFor stress research
[no-product-shown] No herbal product has been shown to cure anxiety. => none
[neither-shown-negated] Neither kava nor valerian has been shown to cure insomnia.
=> kava|valerian claimedFor insomnia unstated N
[not-been-found-to] Valerian has not been found to help insomnia.
=> valerian claimedFor insomnia unstated N
[hasnt-been-shown] Valerian hasn't been shown to help insomnia.
=> valerian claimedFor insomnia unstated N
[isnt-effective] Kava isn’t effective for depression. => kava claimedFor depression unstated N
[proponents-say] Proponents say kratom relieves chronic pain. => kratom claimedFor pain anecdotal
[according-to-proponents] According to proponents, kava eases anxiety.
=> kava claimedFor anxiety anecdotal
[advocates-say] Advocates say kratom helps people manage opioid withdrawal.
=> kratom claimedFor opioid-withdrawal anecdotal
[consumers-believe] Many consumers believe that kava helps with insomnia.
=> kava claimedFor insomnia anecdotal H
[drinkers-say] Kava drinkers often say it eases anxiety. => kava claimedFor anxiety anecdotal
[i-read-that] I read that valerian is good for sleep. => valerian claimedFor insomnia anecdotal
[ive-heard-forum] I've heard kratom can help with depression, but I'm not sure.
=> kratom claimedFor depression anecdotal H
[pharmacopoeias] St. John's wort is described in pharmacopoeias as a remedy for depression.
=> st-johns-wort claimedFor depression traditional
[ayurvedic-pharmacopoeia] Ashwagandha is described in Ayurvedic pharmacopoeias as a remedy for
... stress and fatigue. => ashwagandha claimedFor stress|fatigue traditional
[folk-medicine] Valerian has been used in folk medicine for headache.
=> valerian claimedFor headache traditional
[unproven-claims] There are unproven claims that kratom treats depression.
=> kratom claimedFor depression unstated H N
[isnt-enough-evidence] There isn't enough evidence to know whether kava helps conditions such as
... insomnia or depression. => kava claimedFor insomnia|depression unstated N
[promoted-but-not-sufficient] Kava has also been promoted for insomnia, but there is not
... sufficient high-quality evidence to support its use.
=> kava claimedFor insomnia unstated H N
[those-that-occurred] Few side effects have been reported in studies of valerian. Those that
... have occurred include headache, dizziness, and itching.
=> valerian hasRisk side-effects|headache|dizziness|itching research
[we-found-that] We found that kavain reduced anxiety in isolated cells.
=> kavain claimedFor anxiety research
[results-label] BACKGROUND: Kavain is a kavalactone.
RESULTS: Kavain reduced anxiety-like behavior.
CONCLUSIONS: Kavain may be useful for anxiety.
=> kavain claimedFor anxiety research ; kavain claimedFor anxiety unstated H
[gave-him-headaches] Re: kava?
I drink kava daily. My friend says it gave him headaches.
=> kava hasRisk headache anecdotal
[gave-me-relief] Kava gave me relief from anxiety. => kava claimedFor anxiety anecdotal
[those-without-findings] Kava is a drink. Those that drink it often report calm. => none
"""


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor.create()


@pytest.mark.parametrize(("text", "expected"), parse_cases(CASES))
def test_structure_phenomenon(extractor, text, expected):
    assert claims_of(extractor, Document("t.txt", text)) == expected


def test_inherited_evidence_keeps_its_words_without_offsets(extractor):
    text = (
        "Few side effects have been reported in studies of valerian. "
        "Those that have occurred include headache."
    )
    (mention,) = [
        m for m in extractor.extract(Document("t.txt", text)).mentions if m.object == "headache"
    ]
    evidence = [c for c in mention.cues if c.kind == "evidence"]
    assert [c.text for c in evidence] == ["studies"]
    assert (evidence[0].start, evidence[0].end) == (0, 0)


def test_html_table_with_one_column_per_substance(extractor, tmp_path):
    page = tmp_path / "compare.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>Two herbs compared</title></head><body><article>"
        "<h1>Two calming herbs, compared</h1><p>Both herbs are sold as natural remedies, and "
        "this page compares how people use them and what can go wrong with each one.</p>"
        "<table><thead><tr><th>Property</th><th>Kava</th><th>Valerian</th></tr></thead><tbody>"
        "<tr><td>Used for</td><td>anxiety</td><td>insomnia</td></tr>"
        "<tr><td>Side effects</td><td>liver damage</td><td>headache</td></tr>"
        "</tbody></table><p>Ask a pharmacist before combining herbs with medicines.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    claims = claims_of(extractor, read_document(page, tmp_path))
    assert claims == {
        ("kava", "claimedFor", "anxiety", "unstated", False, False),
        ("valerian", "claimedFor", "insomnia", "unstated", False, False),
        ("kava", "hasRisk", "liver-toxicity", "unstated", False, False),
        ("valerian", "hasRisk", "headache", "unstated", False, False),
    }
