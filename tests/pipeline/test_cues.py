"""Cue matching: the shared-boundary regex finds what one boundary per cue finds."""
import re

import pytest

from argmap.pipeline.cues import (CLAIM_CUES, CONCESSION_CUES, LIMITERS_AFTER, MAJOR_CUES,
                                  PREMISE_CUES, cue_score, find_cues)


def _one_boundary_per_cue(text, cues):
    """The regex as first written: each alternative with its own boundaries."""
    parts = [(r"\b" if c[0].isalnum() else "") + re.escape(c) + (r"\b" if c[-1].isalnum() else "")
             for c in sorted(cues, key=len, reverse=True)]
    return [m.group(0) for m in re.finditer("|".join(parts), text.lower().replace("’", "'"))]


SENTENCES = [
    "In conclusion, I would argue that the levy should stay.",
    "Overall, 40% of the riders said fares rose, according to the survey.",
    "Admittedly, some people say it's true that the tram is slow; sceptics agree.",
    "Because the data were thin, the 2019 report (in 2020) needs to be redone.",
    "Unsurprisingly, the bottom-line figures misled nobody: %-points, not percent.",
    "The studyroom is shut.  Studies show otherwise, and the study itself is old.",
    "It’s true that the council can’t measure it, and the scheme fails to tell us why.",
    "",
]


@pytest.mark.parametrize("cues", [MAJOR_CUES, CLAIM_CUES, PREMISE_CUES, CONCESSION_CUES,
                                  LIMITERS_AFTER])
@pytest.mark.parametrize("text", SENTENCES)
def test_find_cues_matches_one_boundary_per_cue(text, cues):
    assert find_cues(text, cues) == _one_boundary_per_cue(text, cues)


def test_find_cues_word_boundaries_and_symbols():
    assert find_cues("Studies show 40% more; the studyroom is shut.", PREMISE_CUES) == ["studies", "%"]
    assert find_cues("In 2021 the report came, in 20 pages.", PREMISE_CUES) == ["report", "in 20"]
    assert find_cues("The tram is slow.", {"%": 1.0}) == []
    assert find_cues("Up 5% on 4%.", ("%",)) == ["%", "%"]


def test_cue_score_counts_each_cue_once():
    score, found = cue_score("I think it should, and it should soon.", CLAIM_CUES)
    assert found == ["i think", "should"]
    assert score == CLAIM_CUES["i think"] + CLAIM_CUES["should"]
