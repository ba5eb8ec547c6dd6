"""Unit matching needs half the tokens: a gold unit inside a long predicted one is no match."""
from argmap.evaluate import evaluate_gold, parse_brat
from argmap.pipeline import load_pipeline

TEXT = "Uniforms help students focus on learning rather than on clothes, brands and status."


def test_small_gold_unit_inside_long_prediction_is_not_matched():
    gold = parse_brat(TEXT, "T1\tMajorClaim 0 13\tUniforms help", doc_id="uniforms")
    result = evaluate_gold([gold], load_pipeline("blank"))
    seg = result["pipeline"]["segmentation"]
    assert (seg["tp"], seg["fn"]) == (0, 1)
