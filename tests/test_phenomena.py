"""Phenomenon tests for the extractor: small hand-written documents in the styles of real web pages.

Each case asserts the EXACT set of claims that `GUIDELINES.md` asks for. Cases where the
extractor is wrong are not here: they are listed in tests/PHENOMENA_REPORT.md.

Case format (in CASES below):

    == group ==                        a group of cases (part of the test id)
    [case-id] first line of text       the document; further lines are further lines of it
    ... more words                     continues the previous line after one space
    => claim ; claim                   expected claims, one or more lines of them ("=> none": none)

A claim is "subjects relation objects evidence [H] [N]" (H = hedged, N = negated), where
"a|b" lists entity ids: "kava|valerian claimedFor insomnia|anxiety unstated H" is four claims.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from kgbuild.extract import Extractor
from kgbuild.readers.corpus import read_document
from kgbuild.records import Document

CASES = """
== lists ==
[subject-list] Kava and valerian are both used for insomnia.
=> kava|valerian claimedFor insomnia unstated
[condition-list] Ashwagandha may help with stress, anxiety and insomnia.
=> ashwagandha claimedFor stress|anxiety|insomnia unstated H
[compound-list-acts-on] Mitragynine and 7-hydroxymitragynine act on mu-opioid receptors.
=> mitragynine|7-hydroxymitragynine actsOn mu-opioid-receptor unstated
[contains-list] St. John's wort contains hyperforin and hypericin.
=> st-johns-wort contains hyperforin|hypericin unstated
[found-in-list] Caffeine is found in coffee, tea and chocolate.
=> coffee|tea|chocolate contains caffeine unstated
[two-verbs-two-objects] Caffeine blocks adenosine receptors and increases dopamine.
=> caffeine actsOn adenosine-receptor unstated ; caffeine modulates dopamine unstated
[risk-list] Kratom use can lead to dependence and withdrawal symptoms.
=> kratom hasRisk dependency|withdrawal-symptoms unstated
[side-effects-include] Kratom is a tree. Side effects include nausea, constipation and
... dizziness. => kratom hasRisk side-effects|nausea|constipation|dizziness unstated
[as-well-as] Kava, as well as valerian, may cause drowsiness.
=> kava|valerian hasRisk drowsiness unstated H
[or-list] Kava or valerian may help with insomnia. => kava|valerian claimedFor insomnia unstated H
[not-only-but-also] Kratom is not only addictive but can also cause seizures.
=> kratom hasRisk addiction|seizures unstated
== appositions-and-relatives ==
[apposition-descriptive] Kratom, a plant native to Southeast Asia, is used for chronic pain.
=> kratom claimedFor pain unstated
[apposition-synonym] Kratom, also known as ketum, is used for pain.
=> kratom claimedFor pain unstated
[apposition-named-alkaloid] Kratom's main alkaloid, mitragynine, binds to mu-opioid receptors.
=> kratom contains mitragynine unstated ; mitragynine actsOn mu-opioid-receptor unstated
[its-alkaloids-named] Kratom is a tree. Its alkaloids, mitragynine and 7-hydroxymitragynine,
... act on opioid receptors. => kratom contains mitragynine|7-hydroxymitragynine unstated
=> mitragynine|7-hydroxymitragynine actsOn opioid-receptor unstated
[which-nonrestrictive] Kava, which is made from the root of Piper methysticum, may relieve
... anxiety. => kava claimedFor anxiety unstated H
[that-compound] Hyperforin is a compound that inhibits the reuptake of serotonin and dopamine.
=> hyperforin modulates serotonin|dopamine unstated
[which-after-compound] Coffee contains caffeine, which blocks adenosine receptors.
=> coffee contains caffeine unstated ; caffeine actsOn adenosine-receptor unstated
[relative-hedge-stays-in-clause] Valerian root contains valerenic acid, which may influence
... GABA. => valerian contains valerenic-acid unstated ; valerenic-acid modulates gaba unstated H
[that-after-substance] Kava is a drink that may reduce anxiety.
=> kava claimedFor anxiety unstated H
[two-that-clauses] Kava is a drink that is made from roots and that may cause liver damage.
=> kava hasRisk liver-toxicity unstated H
[such-as-which] Kratom contains alkaloids such as mitragynine and 7-hydroxymitragynine, which
... bind to mu-opioid receptors. => kratom contains mitragynine|7-hydroxymitragynine unstated
=> mitragynine|7-hydroxymitragynine actsOn mu-opioid-receptor unstated
[which-after-metabolite] Mitragynine is metabolized into 7-hydroxymitragynine, which is a potent
... mu-opioid receptor agonist. => 7-hydroxymitragynine actsOn mu-opioid-receptor unstated
[unlike-clause] Unlike kava, valerian does not cause liver damage.
=> valerian hasRisk liver-toxicity unstated N
[abbreviation-in-parentheses] Generalized anxiety disorder (GAD) may respond to kava.
=> kava claimedFor generalized-anxiety-disorder unstated H
== headings ==
[markdown-heading] # Kratom for Opioid Withdrawal => kratom claimedFor opioid-withdrawal unstated
[question-heading] ## Can Ashwagandha Help With Anxiety?
=> ashwagandha claimedFor anxiety unstated H
[hedged-list-item-heading] - Kratom as a Possible Treatment for Opioid Withdrawal
=> kratom claimedFor opioid-withdrawal unstated H
[news-headline-linked] Kava Linked to Liver Toxicity => kava hasRisk liver-toxicity anecdotal
[listicle-risks] Why Kratom Is Dangerous: Addiction, Seizures and Liver Damage
=> kratom hasRisk addiction|seizures|liver-toxicity unstated
[listicle-benefits] 5 Benefits of Ashwagandha for Stress and Anxiety
=> ashwagandha claimedFor stress|anxiety unstated
[risk-bullets-under-heading] ## What are the risks of kratom?
- Nausea.
- Constipation.
- Seizures. => kratom hasRisk nausea|constipation|seizures unstated
== mechanisms-and-background ==
[boosts-levels] St. John's wort boosts serotonin levels.
=> st-johns-wort modulates serotonin unstated
[receptor-antagonist] Caffeine is an adenosine receptor antagonist.
=> caffeine actsOn adenosine-receptor unstated
[background-condition-skipped] Kava is a Pacific drink. Anxiety disorders affect 40 million adults
... in the United States. => none
[other-treatment-skipped] Kratom is a tree. Opioid withdrawal is often treated with buprenorphine.
=> none
== anaphora ==
[it] Kava is a drink made from a Pacific plant. It may ease anxiety.
=> kava claimedFor anxiety unstated H
[its] Valerian is a flowering plant. Its root has long been used for insomnia.
=> valerian claimedFor insomnia traditional
[the-substance] Kratom is sold in smoke shops. The substance can cause nausea and constipation.
=> kratom hasRisk nausea|constipation unstated
[this-botanical] Ashwagandha is a shrub from India. This botanical is promoted for stress.
=> ashwagandha claimedFor stress unstated H
[the-herb] Ashwagandha is an adaptogen. The herb has been used in Ayurveda for stress.
=> ashwagandha claimedFor stress traditional
[the-supplement] St. John's wort is a flowering plant. The supplement can interact with
... antidepressants. => st-johns-wort hasRisk drug-interactions unstated
[these-compounds-acts-on] Kratom contains mitragynine and 7-hydroxymitragynine. These compounds
... bind to opioid receptors. => kratom contains mitragynine|7-hydroxymitragynine unstated
=> mitragynine|7-hydroxymitragynine actsOn opioid-receptor unstated
[these-compounds-condition] Kava contains kavalactones. These compounds may reduce anxiety.
=> kava contains kavalactones unstated ; kavalactones claimedFor anxiety unstated H
[subjectless-risk] Kratom is a tropical tree. Regular use can lead to dependence.
=> kratom hasRisk dependency unstated
[subjectless-risk-associated] Kava is a Pacific drink. Long-term heavy use has been associated
... with liver damage. => kava hasRisk liver-toxicity unstated
[it-nearest-previous-subject] Kava is a plant. Kratom is a tree. It may cause constipation.
=> kratom hasRisk constipation unstated H
[it-compound] Mitragynine is found in kratom. It is a partial agonist at opioid receptors.
=> kratom contains mitragynine unstated ; mitragynine actsOn opioid-receptor unstated
[it-and-this-chain] Caffeine is a stimulant found in coffee. It blocks adenosine receptors.
... This can cause insomnia.
=> coffee contains caffeine unstated ; caffeine actsOn adenosine-receptor unstated
=> caffeine hasRisk insomnia unstated
[it-per-heading-section] ## Kava
It may reduce anxiety.
## Valerian
It may help with insomnia.
=> kava claimedFor anxiety unstated H ; valerian claimedFor insomnia unstated H
[its-use-linked] Kratom is a tree. Its use has been linked to seizures.
=> kratom hasRisk seizures anecdotal
[its-side-effects] CBD is sold in many forms. Its side effects include fatigue and diarrhea.
=> cannabidiol hasRisk side-effects|fatigue|diarrhea unstated
== evidence ==
[users-report] Users report that kratom helps with opioid withdrawal.
=> kratom claimedFor opioid-withdrawal anecdotal
[rct] A randomized controlled trial found that ashwagandha reduced stress.
=> ashwagandha claimedFor stress clinical
[animal-studies] Animal studies suggest that valerenic acid acts on GABA-A receptors.
=> valerenic-acid actsOn gaba-a-receptor research H
[traditionally] Kava has traditionally been used in the Pacific Islands to relieve anxiety.
=> kava claimedFor anxiety traditional
[for-centuries] In Southeast Asia, kratom leaves have been chewed for centuries to fight
... fatigue. => kratom claimedFor fatigue traditional
[herbalists] Herbalists recommend St. John's wort for mild depression.
=> st-johns-wort claimedFor depression traditional
[in-mice] In mice, mitragynine reduced pain. => mitragynine claimedFor pain research
[meta-analysis] A meta-analysis of 27 trials concluded that St. John's wort was more effective
... than placebo for mild depression. => st-johns-wort claimedFor depression clinical
[survey] According to a 2019 survey, most kratom users take it for pain.
=> kratom claimedFor pain anecdotal
[first-person] I take kratom every morning for my chronic pain. => kratom claimedFor pain anecdotal
[while-users-studies] While users report that kratom eases anxiety, studies show it can cause
... dependence. => kratom claimedFor anxiety anecdotal ; kratom hasRisk dependency research
[although-traditional-linked] Although kava is traditionally used for anxiety, it has been
... linked to liver damage.
=> kava claimedFor anxiety traditional ; kava hasRisk liver-toxicity anecdotal
[but-clause-scope] Users report that kava eases anxiety, but clinical trials have linked it to
... liver damage. => kava claimedFor anxiety anecdotal ; kava hasRisk liver-toxicity clinical
[human-study-pattern] In an 8-week study of 60 adults, ashwagandha reduced anxiety scores by 40%.
=> ashwagandha claimedFor anxiety clinical
[author-year-citation] Kava reduced anxiety in a small trial (Sarris et al., 2013).
=> kava claimedFor anxiety clinical
[et-al-inside-sentence] A 2019 study by Smith et al. found that kratom relieved pain.
=> kratom claimedFor pain research
[survey-percent] In one survey, 68% of respondents said kratom reduced their anxiety.
=> kratom claimedFor anxiety anecdotal
[reportedly] Kratom reportedly helps with opioid withdrawal.
=> kratom claimedFor opioid-withdrawal anecdotal
[preliminary-evidence] Preliminary evidence suggests CBD may ease anxiety.
=> cannabidiol claimedFor anxiety research H
[touted] Kratom is often touted as a natural alternative to opioids for chronic pain.
=> kratom claimedFor pain unstated H
[proponents-claim] Proponents claim that ashwagandha relieves stress.
=> ashwagandha claimedFor stress unstated H
[although-traditional-trials] Although kava is traditionally used for anxiety, trials have linked
... it to liver toxicity.
=> kava claimedFor anxiety traditional ; kava hasRisk liver-toxicity clinical
[some-users-say-benefit] Kratom is a tree. Some users say it helps with pain.
=> kratom claimedFor pain anecdotal
[some-users-say-risk] Kratom is a tree. Some users say it causes nausea.
=> kratom hasRisk nausea anecdotal
== calls-and-citations ==
[more-trials-needed] More clinical trials are needed to confirm whether ashwagandha reduces
... anxiety. => ashwagandha claimedFor anxiety unstated H
[under-investigation] Kratom is under investigation as a treatment for opioid withdrawal.
=> kratom claimedFor opioid-withdrawal unstated H
[call-in-other-clause] Anecdotal reports suggest kratom helps with anxiety; however, more
... research is needed. => kratom claimedFor anxiety anecdotal H
[well-designed-trials-needed] Large, well-designed trials are needed to confirm the benefits of
... valerian for insomnia. => valerian claimedFor insomnia unstated H
[remains-to-be-established] The role of kratom in treating depression remains to be
... established. => kratom claimedFor depression unstated H
[bracket-citation] Kratom has addictive properties [2]. => kratom hasRisk addiction unstated
[superscript-citation] Kratom is a controlled substance in several countries under national
... drug policy.1 It may cause seizures. => kratom hasRisk seizures unstated H
[stacked-citations] Kratom (Mitragyna speciosa) is an evergreen tree.[1] Kratom is used to
... self-manage opioid withdrawal.[4][5] => kratom claimedFor opioid-withdrawal unstated
== negation ==
[no-evidence-that] There is no evidence that kratom treats depression.
=> kratom claimedFor depression unstated N
[not-enough-evidence-to-determine] There is not enough evidence to determine whether valerian
... helps with insomnia. => valerian claimedFor insomnia unstated N
[little-evidence] There is little evidence that kratom relieves pain.
=> kratom claimedFor pain unstated N
[no-scientific-proof] There is no scientific proof that kratom relieves anxiety.
=> kratom claimedFor anxiety unstated N
[has-not-been-shown] St. John's wort has not been shown to be effective for generalized anxiety
... disorder. => st-johns-wort claimedFor generalized-anxiety-disorder unstated N
[is-not-approved-for] Kratom is not approved for opioid withdrawal.
=> kratom claimedFor opioid-withdrawal unstated N
[fda-has-not-approved] The FDA has not approved kava for the treatment of anxiety.
=> kava claimedFor anxiety unstated N
[not-approved-any-use-skipped] Kratom is not approved by the FDA for any medical use. => none
[no-more-effective-than-placebo] In a clinical trial, St. John's wort was no more effective
... than placebo for major depression. => st-johns-wort claimedFor depression clinical N
[no-better-than-placebo] Kava extract was no better than placebo for generalized anxiety
... disorder. => kava claimedFor generalized-anxiety-disorder clinical N
[is-not-effective] Valerian is not effective for anxiety. => valerian claimedFor anxiety unstated N
[does-not-risk] Kava does not cause drowsiness at normal doses.
=> kava hasRisk drowsiness unstated N
[does-not-receptor] CBD does not bind strongly to CB1 receptors.
=> cannabidiol actsOn cb1-receptor unstated N
[did-not-in-trial] A small trial found that CBD did not reduce anxiety.
=> cannabidiol claimedFor anxiety clinical N
[failed-to] Valerian failed to improve insomnia in a large trial.
=> valerian claimedFor insomnia clinical N
[no-significant-effect] Ashwagandha showed no significant effect on anxiety compared with
... placebo. => ashwagandha claimedFor anxiety clinical N
[negation-scoped-to-clause] Caffeine does not treat depression, but it can cause anxiety.
=> caffeine claimedFor depression unstated N ; caffeine hasRisk anxiety unstated
[without-causing] Kava relieves anxiety without causing drowsiness.
=> kava claimedFor anxiety unstated ; kava hasRisk drowsiness unstated N
[no-side-effects-reported] No serious side effects were reported in the valerian trial.
=> valerian hasRisk side-effects clinical N
[hedged-and-negated] Kava does not appear to be addictive. => kava hasRisk addiction unstated H N
[neither-nor] Neither kava nor valerian has been shown to cure insomnia.
=> kava|valerian claimedFor insomnia unstated N
[none-of-the-studies] None of the studies found that valerian improves insomnia.
=> valerian claimedFor insomnia research N
[approved-is-not-negated] Epidiolex, a CBD medication, is approved by the FDA to treat seizures in
... two rare forms of epilepsy. => cannabidiol claimedFor seizures|epilepsy unstated
[not-uncommon-is-not-negation] It is not uncommon for kratom users to develop dependence.
=> kratom hasRisk dependency unstated
[unlike-other-drugs] Unlike benzodiazepines, kava does not cause dependence.
=> kava hasRisk dependency unstated N
== mixed-evidence ==
[evidence-is-mixed] Evidence is mixed about whether kava helps anxiety.
=> kava claimedFor anxiety unstated H
[it-is-unclear] It is unclear whether kratom helps with depression.
=> kratom claimedFor depression unstated H
[results-are-mixed] Results on valerian for insomnia are mixed.
=> valerian claimedFor insomnia unstated H
[evidence-is-limited] The evidence for ashwagandha in anxiety is limited.
=> ashwagandha claimedFor anxiety unstated H
[evidence-inconsistent] The evidence on whether valerian is helpful for insomnia is
... inconsistent. => valerian claimedFor insomnia unstated H
== harm ==
[linked-to-deaths] Kratom has been linked to deaths. => kratom hasRisk death anecdotal
[cases-reported] Cases of liver injury have been reported in people taking kava.
=> kava hasRisk liver-toxicity anecdotal
[case-reports] Several case reports describe liver failure after kava use.
=> kava hasRisk liver-failure anecdotal
[case-reports-high-doses] Case reports describe seizures after high doses of kratom.
=> kratom hasRisk seizures anecdotal
[poison-control] Poison control centers reported 1,800 calls about kratom, including cases of
... seizures. => kratom hasRisk seizures anecdotal
[agency-bare-statement] The FDA warns that kratom carries a risk of addiction.
=> kratom hasRisk addiction unstated
[too-much] Caffeine is a stimulant. Too much can cause insomnia and restlessness.
=> caffeine hasRisk insomnia|restlessness unstated
[worsen-condition-is-risk] Caffeine can worsen anxiety. => caffeine hasRisk anxiety unstated
[interacts-with-drugs] Kava may interact with other drugs.
=> kava hasRisk drug-interactions unstated H
[drugs-interact-with] Certain medications may interact with valerian.
=> valerian hasRisk drug-interactions unstated H
[possible-side-effects] Kratom is a tree. Possible side effects include nausea and
... constipation. => kratom hasRisk side-effects|nausea|constipation unstated H
[banned-after-reports] Kava was banned in Germany in 2002 due to reports of liver damage.
=> kava hasRisk liver-toxicity anecdotal
[but-rare-cases-reported] Kava is generally well tolerated, but rare cases of hepatotoxicity have
... been reported. => kava hasRisk liver-toxicity anecdotal
[can-cause-list] CBD can cause liver injury, dry mouth, and diarrhea.
=> cannabidiol hasRisk liver-toxicity|dry-mouth|diarrhea unstated
[most-common-side-effect] The most common side effect of valerian is headache.
=> valerian hasRisk side-effects|headache unstated
[withdrawal-can-cause] Caffeine withdrawal can cause headaches and fatigue.
=> caffeine hasRisk withdrawal-symptoms|headache|fatigue unstated
[too-much-coffee] Drinking too much coffee can cause insomnia. => coffee hasRisk insomnia unstated
[named-skin-reaction] Kava can cause a scaly skin rash called kava dermopathy.
=> kava hasRisk skin-rash|kava-dermopathy unstated
== compounds-and-products ==
[compound-claim-stays-with-compound] Ashwagandha is rich in withanolides. Withanolides may
... reduce anxiety in rodents.
=> ashwagandha contains withanolides unstated ; withanolides claimedFor anxiety research H
[two-compounds-two-claims] THC activates CB1 receptors, whereas CBD reduces anxiety.
=> thc actsOn cb1-receptor unstated ; cannabidiol claimedFor anxiety unstated
[cbd-products] CBD products are marketed for anxiety and insomnia.
=> cannabidiol claimedFor anxiety|insomnia unstated H
[cbd-oil] CBD oil may help with anxiety. => cannabidiol claimedFor anxiety unstated H
[kava-extract] Kava extract may cause liver damage. => kava hasRisk liver-toxicity unstated H
[kava-extract-products-linked] Kava extract products have been linked to liver damage.
=> kava hasRisk liver-toxicity anecdotal
[kratom-powder-sold] Kratom powder is sold as a remedy for pain.
=> kratom claimedFor pain unstated H
[kratom-capsules] Kratom capsules and powders can cause nausea. => kratom hasRisk nausea unstated
[root-extract-contains] Valerian root extract contains valerenic acid.
=> valerian contains valerenic-acid unstated
[decaf-still-contains] Decaf coffee still contains a small amount of caffeine.
=> coffee contains caffeine unstated
[kava-tea] Kava tea may help with anxiety. => kava claimedFor anxiety unstated H
[herbal-tea] Many people drink chamomile tea for insomnia. => chamomile claimedFor insomnia unstated
== tables-and-labels ==
[alkaloid-receptor-table] # Kratom at a Glance

| Alkaloid | Receptor |
|---|---|
| Mitragynine | mu-opioid receptor |
| 7-hydroxymitragynine | mu-opioid receptor |
=> mitragynine|7-hydroxymitragynine actsOn mu-opioid-receptor unstated
[herb-use-risk-table] | Herb | Use | Main risk |
|---|---|---|
| Kava | anxiety | liver damage |
| Valerian | insomnia | drowsiness |
=> kava claimedFor anxiety unstated ; kava hasRisk liver-toxicity unstated
=> valerian claimedFor insomnia unstated ; valerian hasRisk drowsiness unstated
[evidence-column] | Herb | Condition | Evidence |
|---|---|---|
| Kava | anxiety | randomized trials |
| Valerian | insomnia | traditional use |
=> kava claimedFor anxiety clinical ; valerian claimedFor insomnia traditional
[table-without-outer-pipes] Substance | Use
Kava | anxiety
=> kava claimedFor anxiety unstated
[label-lines] Kava
Uses: anxiety, insomnia
Risks: liver damage, drug interactions => kava claimedFor anxiety|insomnia unstated
=> kava hasRisk liver-toxicity|drug-interactions unstated
[warning-label] Warning: Kratom can be addictive. => kratom hasRisk addiction unstated
== styles ==
[encyclopedia-with-citations] Kava (Piper methysticum) is a plant native to the South Pacific
... islands.[1] Its roots are used to prepare a drink with a bitter taste.[2] Kava has been used to
... treat anxiety and insomnia.[3][4] Several countries restricted kava after reports of liver
... damage.[6] => kava claimedFor anxiety|insomnia unstated ; kava hasRisk liver-toxicity anecdotal
[government-fact-sheet-bullets] Valerian: Usefulness and Safety
- Valerian is promoted as a dietary supplement for insomnia and anxiety.
- There is not enough evidence to determine whether valerian works for depression.
- Valerian appears to be safe for short-term use.
- Side effects include headache and dizziness.
=> valerian claimedFor insomnia|anxiety unstated H ; valerian claimedFor depression unstated N
=> valerian hasRisk side-effects|headache|dizziness unstated
[vendor-blog] Our premium ashwagandha gummies help you unwind after a long day. Ashwagandha may
... reduce anxiety and stress. Thousands of happy customers use our kava drink for anxiety.
=> ashwagandha claimedFor anxiety|stress unstated H ; kava claimedFor anxiety anecdotal
[forum-first-person] I've been taking kratom for a year for my chronic pain. Honestly it works
... better than anything else I tried. => kratom claimedFor pain anecdotal
[news-report] Federal health officials warned on Tuesday that kratom has been linked to 44
... deaths. The agency said the plant acts on opioid receptors in the brain and carries a risk of
... addiction. "There is no evidence that kratom is safe or effective for opioid withdrawal," the
... commissioner said. => kratom hasRisk death anecdotal ; kratom actsOn opioid-receptor unstated
=> kratom hasRisk addiction unstated ; kratom claimedFor opioid-withdrawal unstated N
[paper-abstract] Background: Kava is widely used for anxiety.
Methods: We randomly assigned 75 adults to kava or placebo for 8 weeks.
Results: Kava reduced anxiety scores more than placebo.
Conclusions: Kava may be a treatment option for generalized anxiety disorder.
=> kava claimedFor anxiety unstated ; kava claimedFor anxiety clinical
=> kava claimedFor generalized-anxiety-disorder unstated H
[markdown-headings-table-bullets] # Valerian

Valerian is a perennial flowering plant.

## Chemistry

| Compound | Action |
|---|---|
| Valerenic acid | GABA-A receptor |

## Safety

- May cause headache.
- Drowsiness has been reported.
=> valerenic-acid actsOn gaba-a-receptor unstated ; valerian hasRisk headache unstated H
=> valerian hasRisk drowsiness anecdotal
[vendor-shop-banner] Shop our best-selling Maeng Da kratom for energy and pain relief!
=> kratom claimedFor pain unstated
[faq-question-answer] Q: Is kava safe?
A: Kava has been linked to liver damage. => kava hasRisk liver-toxicity anecdotal
[abstract-methods-line] Background: St. John's wort is widely used for depression.
Methods: We conducted a randomized, double-blind trial in 200 adults with major depression.
=> st-johns-wort claimedFor depression unstated
[markdown-bold] **Kava** may reduce **anxiety**. => kava claimedFor anxiety unstated H
== fixed-after-report ==
[not-adjective] CBD is not addictive. => cannabidiol hasRisk addiction unstated N
[isnt-effective] Kratom isn't effective for depression.
=> kratom claimedFor depression unstated N
[studies-not-found] Studies have not found valerian to be effective for anxiety.
=> valerian claimedFor anxiety research N
[research-not-shown] Research has not shown that kava works for depression.
=> kava claimedFor depression research N
[never-proven-that] It has never been proven that valerian cures insomnia.
=> valerian claimedFor insomnia unstated N
[predicate-denial] Claims that ashwagandha cures anxiety are unsupported.
=> ashwagandha claimedFor anxiety unstated H N
[apposition-compound-subject] THC, the main psychoactive compound in cannabis, activates CB1
... receptors. => cannabis contains thc unstated ; thc actsOn cb1-receptor unstated
[background-mechanism-skipped] Kava is a Pacific drink. GABA is the brain's main inhibitory
... neurotransmitter. => none
[background-symptom-skipped] Kratom is a tree. Nausea is a common symptom of many illnesses. => none
[reports-in-people-who-used] The FDA has received reports of seizures in people who used kratom.
=> kratom hasRisk seizures anecdotal
[no-scientific-evidence-is-no-evidence] There is not enough scientific evidence to determine
... whether valerian works for anxiety. => valerian claimedFor anxiety unstated N
[no-trials-is-no-evidence] No clinical trials have tested kratom for depression.
=> kratom claimedFor depression unstated N
[scientists-dont-know] Scientists don't know whether kava helps with insomnia.
=> kava claimedFor insomnia unstated H
[future-trials] Future clinical trials should test whether ashwagandha improves insomnia.
=> ashwagandha claimedFor insomnia unstated H
[investigating-whether] Researchers are investigating whether CBD can treat anxiety.
=> cannabidiol claimedFor anxiety unstated H
[and-new-clause-traditional] Kratom has traditionally been used for pain, and recent studies
... suggest it may ease anxiety. => kratom claimedFor pain traditional
=> kratom claimedFor anxiety research H
[and-new-clause-users] Kava reduced anxiety in two clinical trials, and users report that it
... eases insomnia. => kava claimedFor anxiety clinical ; kava claimedFor insomnia anecdotal
[and-new-clause-hedge] Kratom can lead to dependence, and stopping suddenly may cause withdrawal
... symptoms. => kratom hasRisk dependency unstated ; kratom hasRisk withdrawal-symptoms unstated H
[deaths-linked-passive] Deaths have been linked to kratom products.
=> kratom hasRisk death anecdotal
[deaths-attributed] At least 90 deaths have been attributed to kratom.
=> kratom hasRisk death anecdotal
[associated-with-deaths] Kratom has been associated with deaths. => kratom hasRisk death anecdotal
[died-after-taking] A man died after taking kratom. => kratom hasRisk death anecdotal
[first-person-gave-me] Kratom gave me constipation though.
=> kratom hasRisk constipation anecdotal
[users-often-report] Users who take kratom for pain often report constipation.
=> kratom claimedFor pain anecdotal ; kratom hasRisk constipation anecdotal
[associated-with-benefit] Withanolides have been associated with anti-inflammatory effects.
=> withanolides claimedFor inflammation unstated
[predicate-side-effect] Headache is the most common side effect of valerian.
=> valerian hasRisk headache|side-effects unstated
[anti-x-effects] Kratom has anti-anxiety effects. => kratom claimedFor anxiety unstated
[less-effective-pills] St. John's wort can make birth control pills less effective.
=> st-johns-wort hasRisk drug-interactions unstated
[aside-hedge-stays-inside] Kratom, an herbal supplement sold at gas stations, has been linked to
... dozens of deaths. => kratom hasRisk death anecdotal
[not-clear-whether] It's not clear whether kava helps with insomnia.
=> kava claimedFor insomnia unstated H
[some-believe] Some believe kratom helps with pain. => kratom claimedFor pain unstated H
[singular-compound-anaphor] Mitragynine is found in kratom. The alkaloid binds to opioid
... receptors. => kratom contains mitragynine unstated
=> mitragynine actsOn opioid-receptor unstated
[not-just] Kava does not just reduce anxiety; it also helps sleep.
=> kava claimedFor anxiety|insomnia unstated
[lead-in-question-uses] ## What is kratom used for?
- Pain relief
- Opioid withdrawal
=> kratom claimedFor pain|opioid-withdrawal unstated
[lead-in-include-colon] Possible side effects of kava include:
- headache
- drowsiness
=> kava hasRisk side-effects unstated H ; kava hasRisk headache|drowsiness unstated
[tested-for-is-no-claim-skipped] Our kratom capsules are lab tested for heavy metals and salmonella.
=> none
[unlike-sets-aside] Unlike coffee, green tea is unlikely to cause jitters.
=> green-tea hasRisk nervousness unstated H
[person-relative-skipped] Dr. Jane Smith, a psychiatrist who treats patients with depression and
... anxiety, said she has seen more patients asking about CBD. => none
[mixed-subject-list] In this article we compare kratom, kava and phenibut for anxiety.
=> kratom|kava|phenibut claimedFor anxiety unstated
[comparison-than] Green tea contains less caffeine than coffee.
=> green-tea contains caffeine unstated
[table-header-roles] | Substance | Used for | Side effect | Not effective for |
|---|---|---|---|
| Kava | anxiety | liver damage | depression |
=> kava claimedFor anxiety unstated ; kava hasRisk liver-toxicity unstated
=> kava claimedFor depression unstated N
[versus-heading] Kratom vs. Kava for Anxiety: Which Is Better?
=> kratom|kava claimedFor anxiety unstated H
[benefit-headings] # Ashwagandha: 5 Benefits
Ashwagandha is an herb.
## 1. May Reduce Stress and Anxiety
## 2. Helps With Sleep
## Stress and anxiety
=> ashwagandha claimedFor stress|anxiety unstated H ; ashwagandha claimedFor insomnia unstated
[but-evidence-is-lacking] Many people use CBD for arthritis and back pain, but high-quality
... evidence is lacking. => cannabidiol claimedFor arthritis|back-pain unstated N
[although-evidence-limited] Some users also take kratom for anxiety, although evidence for these
... uses is limited. => kratom claimedFor anxiety anecdotal H
[but-not-approved-lends-nothing] Kratom is used for pain, but it is not approved by the FDA.
=> kratom claimedFor pain unstated
[while-no-evidence-first] While there is no evidence that kava helps, some people use it for
... insomnia. => kava claimedFor insomnia unstated N
[table-key-value] Kratom is a tree.
| Property | Value |
|---|---|
| Mechanism of action | Partial agonist at mu-opioid receptors |
=> kratom actsOn mu-opioid-receptor unstated
"""

LEVELS = {"clinical", "research", "anecdotal", "traditional", "unstated"}


def expand(spec: str) -> set[tuple]:
    subjects, relation, objects, level, *flags = spec.split()
    assert level in LEVELS and set(flags) <= {"H", "N"}, spec
    pairs = itertools.product(subjects.split("|"), objects.split("|"))
    return {(s, relation, o, level, "H" in flags, "N" in flags) for s, o in pairs}


def parse_cases(source: str) -> list:
    cases, group = [], ""
    for line in source.strip("\n").split("\n"):
        if line.startswith("== "):
            group = line.strip("= ")
            continue
        text, _, specs = line.partition(" => ") if " => " in line else (line, "", "")
        if line.startswith("=> "):
            text, specs = None, line[3:]
        elif line.startswith("["):
            name, _, first = text.partition("] ")
            cases.append({"id": f"{group}:{name[1:]}", "lines": [first], "claims": set()})
            text = None
        if text is not None and text.startswith("... "):
            cases[-1]["lines"][-1] += " " + text[4:]
        elif text is not None:
            cases[-1]["lines"].append(text)
        for spec in filter(None, (s.strip() for s in specs.split(";"))):
            cases[-1]["claims"] |= set() if spec == "none" else expand(spec)
    return [pytest.param("\n".join(c["lines"]).strip("\n"), c["claims"], id=c["id"]) for c in cases]


def claim(spec: str) -> tuple:
    (only,) = expand(spec)
    return only


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor.create()


def claims_of(extractor: Extractor, document: Document) -> set[tuple]:
    mentions = extractor.extract(document).mentions
    return {(m.subject, m.relation, m.object, m.level.label, m.hedged, m.negated) for m in mentions}


@pytest.mark.parametrize(("text", "expected"), parse_cases(CASES))
def test_phenomenon(extractor, text, expected):
    assert claims_of(extractor, Document("t.txt", text)) == expected


def test_case_table_is_well_formed():
    cases = parse_cases(CASES)
    assert len(cases) >= 100
    assert len({c.id for c in cases}) == len(cases)
    assert all(c.values[0] and (c.values[1] or c.id.endswith("-skipped")) for c in cases), [
        c.id for c in cases if not c.values[1] and not c.id.endswith("-skipped")
    ]


HTML_PAGE = """<!DOCTYPE html>
<html><head><title>Kava: What You Need To Know</title></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/herbs">Herbs</a></li></ul></nav>
<article>
<h1>Kava: What You Need To Know</h1>
<p>Kava is a beverage made from the root of a shrub that grows in the South Pacific. People have
traditionally used kava to relieve anxiety.</p>
<h2>What the science says</h2>
<p>Several clinical trials suggest that kava may reduce anxiety. There is not enough evidence to
determine whether kava helps with insomnia.</p>
<h2>Safety</h2>
<ul><li>Kava has been linked to severe liver damage.</li>
<li>Kava may cause drowsiness.</li></ul>
<table><tr><th>Compound</th><th>Target</th></tr>
<tr><td>Kavalactones</td><td>GABA-A receptors</td></tr></table>
</article>
<footer><p>Copyright 2024. Subscribe to our newsletter for herbal tips.</p></footer>
</body></html>
"""


def test_html_page_through_reader(extractor, tmp_path: Path):
    page = tmp_path / "kava.html"
    page.write_text(HTML_PAGE, encoding="utf-8")
    document = read_document(page, tmp_path)
    assert (document.path, document.media_type) == ("kava.html", "text/html")
    assert claims_of(extractor, document) == set().union(
        *map(
            expand,
            [
                "kava claimedFor anxiety traditional",
                "kava claimedFor anxiety clinical H",
                "kava claimedFor insomnia unstated N",
                "kava hasRisk liver-toxicity anecdotal",
                "kava hasRisk drowsiness unstated H",
                "kavalactones actsOn gaba-a-receptor unstated",
            ],
        )
    )


def test_mentions_carry_their_sentence_and_offsets(extractor):
    text = "# Kava\n\nKava is a Pacific drink. It may ease anxiety [2]. Kava can harm the liver.\n"
    text += "- Kava can cause liver damage."
    mentions = extractor.extract(Document("docs/kava.md", text)).mentions
    assert [(m.subject, m.relation, m.object) for m in mentions] == [
        ("kava", "claimedFor", "anxiety"),
        ("kava", "hasRisk", "liver-toxicity"),
    ]
    for mention in mentions:
        assert mention.doc == "docs/kava.md"
        assert text[mention.char_start : mention.char_end] == mention.sentence
    assert mentions[0].sentence == "It may ease anxiety [2]."
    assert (mentions[0].subject_text, mentions[0].object_text) == ("It", "anxiety")
    assert [c.kind for c in mentions[0].cues] == ["hedge"]


def test_cues_name_the_deciding_evidence(extractor):
    document = Document("t.txt", "Users report that kava eases anxiety.")
    (mention,) = extractor.extract(document).mentions
    assert mention.cue_text == "Users report"


def test_repeated_heading_gives_one_mention(extractor):
    text = "- Kava for Anxiety\n\nKava for Anxiety\nKava may reduce anxiety."
    mentions = extractor.extract(Document("t.txt", text)).mentions
    assert [(m.sentence, m.hedged) for m in mentions] == [
        ("- Kava for Anxiety", False),
        ("Kava may reduce anxiety.", True),
    ]
