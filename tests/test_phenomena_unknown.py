"""Phenomenon tests for issue 9, round 2: pages about substances the lexicon lacks, in the styles
of vendor pages, SEO lists, first-person reviews, forum replies, news, abstracts and case reports.

Same case format as tests/test_phenomena.py (exact claim sets per `GUIDELINES.md`). Every text is
written for these tests. Each document is extracted alone (`extract_alone`), so a substance
discovered in one case is not known to the next.
"""

from __future__ import annotations

import pytest

from kgbuild.extract import Extractor
from kgbuild.records import Document
from tests.test_phenomena import parse_cases

CASES = """
== product-names ==
[leaf-capsules] Our nettle leaf capsules are packed fresh. Nettle may ease seasonal allergies.
=> d-nettle claimedFor hp-0012395 unstated H
[resin] I bought shilajit resin online. Shilajit gave me headaches.
=> d-shilajit hasRisk headache anecdotal
[binomial-extract] Each gummy holds Bacopa-free Griffonia simplicifolia extract. Griffonia
... simplicifolia can cause nausea. => d-griffonia-simplicifolia hasRisk nausea unstated
[named-once-is-not-enough] Sleepy root capsules are sold here. It may cause drowsiness.
=> none
[verb-before-form] Some contain extracts of the leaf. Others contain extracts of the root. => none
[form-after-known-substance] Chamomile tea may help with anxiety.
=> chamomile claimedFor anxiety unstated H
[form-after-discovered] Butterfly pea is a climbing plant. Butterfly pea tea may ease stress.
=> d-butterfly-pea claimedFor stress unstated H
== agents ==
[drug-apposition] Regulators warned about zelotrine, an unapproved drug sold online.
... Zelotrine has been linked to seizures. => d-zelotrine hasRisk seizures anecdotal
[drug-definition] Pravomine is a synthetic stimulant. Pravomine can cause a rapid heartbeat.
=> d-pravomine hasRisk tachycardia unstated
[contains-chemical] Nigella sativa is a flowering plant. Its seeds contain thymoquinone.
=> d-nigella-sativa contains d-thymoquinone unstated
[rich-in] Moringa is a tree. Moringa is rich in quercetin and chlorogenic acid.
=> d-moringa contains d-quercetin|chlorogenic-acid unstated
[contains-class-then-list] Moringa is a tree. Moringa contains alkaloids such as moringinine.
=> d-moringa contains d-moringinine unstated
[contains-ates] Moringa is a tree. Moringa contains isothiocyanates.
=> d-moringa contains d-isothiocyanate unstated
== vendor-and-listicle ==
[companies-market] Pravomine is a synthetic stimulant. Some companies market pravomine for
... fatigue. => d-pravomine claimedFor fatigue unstated H
[promotes-relief] Mullein is a herb. Mullein promotes relief from occasional cough.
=> d-mullein claimedFor hp-0012735 unstated
[good-for] Horsetail is a plant. Horsetail is good for brittle nails and eczema.
=> d-horsetail claimedFor hp-0001808|hp-0000964 unstated
[clinically-proven] Moringa is a tree. Moringa is clinically proven to lower high cholesterol.
=> d-moringa claimedFor high-cholesterol clinical
[science-backed] Moringa is a tree. Science-backed moringa powder for inflammation.
=> d-moringa claimedFor inflammation research
[doctor-formulated] Moringa is a tree. Doctor formulated moringa capsules for inflammation.
=> d-moringa claimedFor inflammation unstated
[improved] Moringa is a tree. Moringa improved asthma symptoms in the trial.
=> d-moringa claimedFor hp-0002099 clinical
[fewer-colds] Elderberry is a shrub. My kids take elderberry syrup and get fewer colds.
=> d-elderberry claimedFor d-cold anecdotal
== risks ==
[may-experience] Mullein is a herb. Some people may experience skin irritation.
=> d-mullein hasRisk d-skin-irritation unstated H
[blood-thinners] Mugwort is a plant. Mugwort may interact with blood thinners.
=> d-mugwort hasRisk drug-interactions unstated H
[metabolism-of-drugs] Kava can change the metabolism of other medicines.
=> kava hasRisk drug-interactions unstated
== first-person ==
[i-had-read] Ashwagandha is a shrub. I'd read that ashwagandha helps with fatigue.
=> ashwagandha claimedFor fatigue anecdotal
[previous-compound] Melatonin is great for jet lag. The big doses gave me a headache.
Valerian is a plant. => melatonin claimedFor jet-lag unstated ; melatonin hasRisk headache anecdotal
== denials ==
[no-trials-showing] Blue vervain (Verbena hastata) is a herb. There are no clinical trials
... showing that blue vervain reduces anxiety. => d-blue-vervain claimedFor anxiety unstated N
[no-evidence-showing] Kava is a plant. There is no evidence showing that kava cures cancer.
=> kava claimedFor cancer unstated N
[gel] I rub calendula gel on my hands. Calendula gel soothes my eczema.
=> d-calendula claimedFor hp-0000964 anecdotal
[genus-alone] Blue vervain (Verbena hastata) is a herb. A verbena extract may cause nausea.
=> d-blue-vervain hasRisk nausea unstated H
== populations ==
[if-you-have] Elderberry is a shrub. Elderberry might not be safe if you have an autoimmune
... disease. => none
[history-of] Kava is a plant. People with a history of seizures should avoid kava. => none
[if-you-have-benefit] Kava is a plant. Kava may help if you have anxiety.
=> kava claimedFor anxiety unstated H
[not-recommended-for-people-with] Valerian is a plant. Valerian root is not recommended for
... people with liver problems. => none
[help-people-with] Kava is a plant. Kava may help people with anxiety.
=> kava claimedFor anxiety unstated H
[causes-of-noun] Garcinia cambogia is a plant. Other causes of hepatitis were excluded. => none
[causes-verb] Garcinia cambogia is a plant. Garcinia cambogia causes hepatitis in rare cases.
=> d-garcinia-cambogia hasRisk hepatitis unstated
[adults-with-mild] Moringa is a tree. Adults with mild asthma were given moringa for a month.
=> none
"""


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor.create()


@pytest.mark.parametrize(("text", "expected"), parse_cases(CASES))
def test_unknown_substance_phenomenon(extractor, text, expected):
    mentions = extractor.extract_alone(Document("t.txt", text)).mentions
    got = {(m.subject, m.relation, m.object, m.level.label, m.hedged, m.negated) for m in mentions}
    assert got == expected
