"""Two units oppose each other when they take opposite stances toward a shared target."""
import pytest

from argmap.pipeline.relations import ArgumentRelations


@pytest.mark.parametrize("a, b, opposed", [
    ({"org:qs": 0.5}, {"org:qs": -0.4}, True),
    ({"org:qs": 0.5}, {"org:qs": 0.4}, False),
    ({"org:qs": 0.5}, {"country:US": -0.4}, False),   # no shared target
    ({"org:qs": 0.2}, {"org:qs": -0.2}, False),       # too weak on one side to count
])
def test_opposed_needs_a_shared_target_and_opposite_signs(a, b, opposed):
    assert ArgumentRelations._opposed(a, b) is opposed
