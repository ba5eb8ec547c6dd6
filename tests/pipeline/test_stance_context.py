"""Speakers, verdicts, references, user targets and lexicon fixes (lexicon backend).

Every sentence here was written for these tests.
"""
from __future__ import annotations

import pytest
import spacy

from argmap.extract import extract_doc
from argmap.pipeline import add_argmap_pipes, add_target, remove_target
from argmap.pipeline.reference import resolve_references
from argmap.pipeline.speech import speakers_of


def rows(nlp, text, targets=()):
    doc = nlp.make_doc(text)
    doc._.argmap_targets = list(targets)
    return [(r[0], r[1], r[4], r[8], r[9]) for r in nlp(doc)._.argmap_stances]


@pytest.mark.parametrize("text,speaker", [
    ("Critics argue that league tables are fine.", "critics"),
    ("Some people claim that league tables are fine.", "people"),
    ("According to the Ministry, league tables are fine.", "ministry"),
    ("League tables are fine, the minister said.", "minister"),
    ("I argue that league tables are fine.", ""),
    ("League tables are fine.", ""),
])
def test_speaker_of_a_unit(text, speaker):
    nlp = spacy.blank("en")
    doc = nlp(text)
    assert speakers_of(doc, [doc[:]], []) == [speaker]


def test_reported_view_is_the_speakers_and_damped_for_the_author(nlp):
    text = "Critics argue that rankings are wonderful. Rankings are a poor guide."
    got = rows(nlp, text)
    assert got[0] == (0, "concept:rankings", "pro", "", "critics")
    assert got[1][2:] == ("con", "", "")
    art = extract_doc(nlp(text), article_id="t")
    assert [s.speaker for s in art.stances] == ["critics", ""]
    (author,) = art.author_stances
    assert author.polarity == "con" and author.evidence[0] == art.units[1].id


def test_critics_are_not_a_concession(nlp):
    # the critics' negative view keeps its full score; no "conceded" damping
    got = rows(nlp, "Some critics argue that rankings are harmful.")
    assert got == [(0, "concept:rankings", "con", "", "critics")]


def test_author_verdict_counts_against_the_report(nlp):
    text = ("According to QS, Harvard is the best university in the world. "
            "What a load of old baloney.")
    got = rows(nlp, text)
    assert (0, "org:qs", "neutral", "speaker", "org:qs") in got
    assert (0, "institution:harvard", "pro", "", "org:qs") in got
    assert (1, "institution:harvard", "con", "verdict", "") in got
    assert (1, "org:qs", "con", "verdict", "") in got
    author = {a.target: a.polarity for a in extract_doc(nlp(text), article_id="t").author_stances}
    assert author == {"institution:harvard": "con", "org:qs": "con"}


def test_pronoun_points_back_to_the_target(nlp):
    got = rows(nlp, "Harvard is old. It is also excellent.")
    assert got == [(0, "institution:harvard", "neutral", "", ""),
                   (1, "institution:harvard", "pro", "reference", "")]


def test_expletive_it_and_other_nouns_block_references():
    nlp = spacy.blank("en")
    doc = nlp("Harvard is old. It is clear that money matters.")
    assert resolve_references(doc, [(doc[0:1], "institution:harvard")]) == []
    doc = nlp("The rankings list Harvard first. The university is rich.")
    got = resolve_references(doc, [(doc[1:2], "concept:rankings"), (doc[3:4], "institution:harvard")])
    assert [(s.text, t) for s, t in got] == [("The university", "institution:harvard")]


def test_per_document_targets_and_add_remove_target():
    nlp = add_argmap_pipes(spacy.blank("en"), fast=True)
    text = "Photo ID laws are unfair and harmful."
    assert rows(nlp, text) == []
    assert rows(nlp, text, ["photo ID laws"]) == [(0, "concept:photo-id-laws", "con", "", "")]
    assert rows(nlp, text) == []  # the next Doc does not inherit them
    assert add_target(nlp, "photo ID") == "concept:photo-id"
    assert [r[1] for r in rows(nlp, text)] == ["concept:photo-id"]
    assert remove_target(nlp, "photo ID") is True
    assert remove_target(nlp, "photo ID") is False
    assert rows(nlp, text) == []


def test_user_target_overlapping_a_builtin_concept_is_kept():
    nlp = add_argmap_pipes(spacy.blank("en"), fast=True, targets=["league tables"])
    got = rows(nlp, "League tables are useful.")
    assert [(r[1], r[2]) for r in got] == [("concept:league-tables", "pro")]
    assert nlp.config["components"]["argmap_entities"]["targets"] == ["league tables"]


def test_per_document_targets_survive_pipe_batches():
    nlp = add_argmap_pipes(spacy.blank("en"), fast=True)
    docs = []
    for text, tg in [("Tariffs are harmful.", ["tariffs"]), ("Tariffs are harmful.", [])]:
        doc = nlp.make_doc(text)
        doc._.argmap_targets = tg
        docs.append(doc)
    out = [[r[1] for r in d._.argmap_stances] for d in nlp.pipe(docs, batch_size=2)]
    assert out == [["concept:tariffs"], []]


@pytest.mark.parametrize("text,target,polarity", [
    # consequence verbs take the polarity of what they affect
    ("Vaccination reduces the risk of disease.", "vaccination", "pro"),
    ("Vaccination prevents serious illness.", "vaccination", "pro"),
    ("Bribery encourages rent seeking.", "bribery", "con"),
    ("The new tax causes poverty and misery.", "the new tax", "con"),
    # negators before the target reach the end of the clause
    ("None of the tariffs are, on any honest reading, useful.", "tariffs", "con"),
    ("No tariff has ever been, by itself, helpful.", "tariff", "con"),
    # debate words the lexicon lacked
    ("The curfew is rubbish.", "the curfew", "con"),
    ("The curfew is counterproductive and coercive.", "the curfew", "con"),
    # valence words inside names count for nothing
    ("Justice Sotomayor wrote the opinion.", "the opinion", "neutral"),
    ("The Affordable Care Act passed in the spring.", "affordable care act", "neutral"),
])
def test_lexicon_fixes(nlp, text, target, polarity):
    got = rows(nlp, text, [target])
    assert [(r[2]) for r in got] == [polarity]


def test_pronoun_gender_follows_the_title():
    nlp = spacy.blank("en")
    doc = nlp("Mrs. Patel met Mr. Okafor and thanked him for her new post.")
    targets = [(doc[0:2], "person:patel"), (doc[3:5], "person:okafor")]
    got = [(s.text, t) for s, t in resolve_references(doc, targets)]
    assert got == [("him", "person:okafor"), ("her", "person:patel")]


@pytest.mark.model
@pytest.mark.parametrize("text,target,polarity", [
    ("Soldiers attacked the embassy on Monday.", "the embassy", "neutral"),
    ("The embassy was attacked on Monday.", "the embassy", "neutral"),
    ("Soldiers attacked the embassy on Monday.", "soldiers", "con"),
])
def test_harm_done_to_the_target_is_no_stance_against_it(text, target, polarity):
    from argmap.pipeline import load_pipeline

    nlp = load_pipeline(fast=True)
    assert [r[2] for r in rows(nlp, text, [target])] == [polarity]


def test_per_document_targets_cross_process_boundaries():
    nlp = add_argmap_pipes(spacy.blank("en"), fast=True)
    docs = []
    for i in range(4):
        doc = nlp.make_doc("Tariffs are harmful. Quotas are harmful.")
        doc._.argmap_targets = ["tariffs"] if i % 2 else ["quotas"]
        docs.append(doc)
    out = [[r[1] for r in d._.argmap_stances] for d in nlp.pipe(docs, n_process=2, batch_size=1)]
    assert out == [["concept:quotas"], ["concept:tariffs"]] * 2


def test_people_are_targets_without_their_title():
    from spacy.tokens import Span

    from argmap.pipeline.entities import canonical_id

    doc = spacy.blank("en")("Mr. Okafor met Justice Amara Patel.")
    assert canonical_id(Span(doc, 0, 2, label="PERSON")) == "person:okafor"
    assert canonical_id(Span(doc, 3, 6, label="PERSON")) == "person:amara-patel"


def test_the_regulator_is_the_organisation_named_regulator():
    # written for this test: another organisation is named in between
    nlp = spacy.blank("en")
    doc = nlp("The Harbour Regulator opened on Monday . The Port Company objected at once . "
              "The regulator ignored it .")
    from spacy.tokens import Span
    doc.ents = [Span(doc, 0, 3, label="ORG"), Span(doc, 7, 10, label="ORG")]
    targets = [(doc[0:3], "org:harbour-regulator"), (doc[7:10], "org:port-company")]
    got = [(s.text, t) for s, t in resolve_references(doc, targets)]
    assert ("The regulator", "org:harbour-regulator") in got
    assert ("it", "org:port-company") in got


@pytest.mark.parametrize("text,speaker", [
    ("The agency was accused of hiding the figures .", "others"),
    ("The agency has been attacked by the industry for being too tough .", "industry"),
])
def test_passive_reports_are_someone_elses_view(text, speaker):
    # a hand-built parse, as the small English model gives it
    from spacy.tokens import Doc
    words = text.split()
    nlp = spacy.blank("en")
    if "accused" in words:
        heads = [1, 3, 3, 3, 3, 4, 7, 5, 3]
        deps = ["det", "nsubjpass", "auxpass", "ROOT", "prep", "pcomp", "det", "dobj", "punct"]
    else:
        heads = [1, 4, 4, 4, 4, 4, 7, 5, 4, 8, 11, 9, 4]
        deps = ["det", "nsubjpass", "aux", "auxpass", "ROOT", "agent", "det", "pobj", "prep",
                "pcomp", "advmod", "acomp", "punct"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps)
    assert speakers_of(doc, [doc[:]], []) == [speaker]
