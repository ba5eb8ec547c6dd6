"""Issue 9 structure rules: title, genre priors, restatements, fragments,
prefixes, comma-less clause cuts, the none role and relation rules.

Every sentence here was written for these tests.
"""
import pytest

from argmap.extract import extract_article
from argmap.pipeline.cues import opposing_voice
from argmap.pipeline.units import is_fragment, prefix_end, segment


def units(doc):
    return [(s.text, r) for s, (r, _, _) in zip(doc.spans["argmap_units"], doc._.argmap_roles)]


def rels(doc):
    texts = [s.text for s in doc.spans["argmap_units"]]
    return {(texts[s], texts[t], k) for s, t, k, _, _ in doc._.argmap_relations}


OP_ED = (
    "Keep the Night Buses\n\n"
    "Last month the transit board voted to cut night buses in Leeds. "
    "The board says the routes lose money. "
    "The city should keep every night bus running.\n\n"
    "Night buses carry cleaners and nurses to work. "
    "Without them, those workers face long walks home.\n\n"
    "Critics say that empty buses waste fuel. "
    "However, most night routes are full after midnight.\n\n"
    "Night buses serve the workers the city depends on. "
    "The city should keep them all running."
)


# --- title ---------------------------------------------------------------

@pytest.mark.parametrize("text, title, title_roles", [
    ("# Bus lanes in the old town\n\nBus lanes move people. They are cheap to paint.",
     "Bus lanes in the old town", ["none"]),
    # a thesis-like title is the major claim: its last unit takes the role
    ("The Levy Worked. Now Extend It\n\nThe levy cut sugar. Firms changed recipes.",
     "The Levy Worked. Now Extend It", ["none", "major_claim"]),
    # one word states nothing: a title, not a restatement of the thesis
    ("Don't\n\nThe council should keep the night buses. They carry nurses home.",
     "Don't", ["none"]),
])
def test_title_line_is_article_title_and_restates_only_a_thesis(nlp, text, title, title_roles):
    art = extract_article(text, article_id="t", nlp=nlp)
    assert art.title == title
    n = len(title_roles)
    assert [u.role for u in art.units[:n]] == title_roles
    assert art.units[n].role != "none"
    if title_roles[-1] == "major_claim":  # a thesis-like title is the major claim ...
        assert art.major_claim is art.units[n - 1]
        assert [u.start >= len(title) for u in art.restatements] == [True]  # ... restated in the body
    else:
        assert art.major_claim.start >= len(title)  # the thesis is in the body


def test_first_sentence_with_full_stop_is_not_a_title(nlp):
    doc = nlp("Bus lanes move people.\n\nThey are cheap to paint. Cities should add more of them.")
    assert units(doc)[0][1] != "none"


# --- major claim by genre ------------------------------------------------

def test_op_ed_thesis_closes_introduction_and_is_restated(nlp):
    art = extract_article(OP_ED, article_id="o", nlp=nlp)
    assert art.major_claim.text == "The city should keep every night bus running."
    assert [u.text for u in art.restatements] == ["The city should keep them all running."]
    # the background before the thesis is not argument
    assert art.units[1].role == "none" and art.units[2].role == "none"


def test_short_text_states_thesis_first(nlp):
    doc = nlp("Schools should serve free breakfasts. Hungry pupils cannot concentrate. "
              "Breakfast clubs also cut lateness.")
    assert [r for _, r in units(doc)] == ["major_claim", "claim", "claim"]


@pytest.mark.parametrize("text, fragment", [
    ("Thus the new tram line -", True),
    ('"We will cut the fares next year."', True),
    ("Admittedly, the fares should rise a little.", True),
    ("Because the fares should rise a little.", True),
    ("Critics argue that the fares should rise.", True),
    ("Mayor Ruth Okafor said the fares should fall.", True),
    ("According to the council, the fares should fall.", True),
    ("For these reasons the fares should fall.", False),
    ("The fares should fall next year.", False),
])
def test_major_claim_is_never_a_fragment(nlp, text, fragment):
    doc = nlp.make_doc(text)
    assert is_fragment(doc, 0, len(doc)) is fragment


def test_concession_with_thesis_cues_is_not_the_major_claim(nlp):
    doc = nlp("Admittedly, we must accept that parking fees should rise. "
              "Free parking fills the centre with cars. The fee is fair.")
    assert dict(units(doc))["Admittedly, we must accept that parking fees should rise."] != "major_claim"


# --- discourse prefixes ----------------------------------------------------

@pytest.mark.parametrize("text, unit, prefix", [
    ("In conclusion, the tram pays for itself.", "the tram pays for itself.", "In conclusion"),
    ("Firstly, trams are quiet and clean.", "trams are quiet and clean.", "Firstly"),
    ("I think that trams are quiet and clean.", "trams are quiet and clean.", "I think that"),
    ("Personally, I believe trams are worth it.", "trams are worth it.", "Personally, I believe"),
    ("I think so too.", "I think so too.", ""),
])
def test_prefix_stripped_and_kept(nlp, text, unit, prefix):
    doc = nlp.make_doc(text)
    k = prefix_end(doc, 0, len(doc))
    assert doc[k:].text == unit
    art = extract_article(text + " Trams carry many people every day.", article_id="p", nlp=nlp)
    assert (art.units[0].text, art.units[0].prefix) == (unit, prefix)
    assert art.text[art.units[0].start:art.units[0].end] == unit


# --- the none role --------------------------------------------------------

def test_questions_and_list_headings_are_none_in_essays(nlp):
    text = ("Fix the Roads First\n\n"
            "Potholes damage cars and injure cyclists. The council should fix the roads first.\n\n"
            "Why does this matter so much? Three reasons stand out:\n\n"
            "Repairs are cheaper than compensation claims. Cyclists are safer on smooth roads.\n\n"
            "The council should fix the roads before it builds anything new.")
    roles = dict(units(nlp(text)))
    assert roles["Why does this matter so much?"] == "none"
    assert roles["Three reasons stand out:"] == "none"


def test_summary_counts_add_up(nlp):
    art = extract_article(OP_ED, article_id="o", nlp=nlp)
    roles = [u.role for u in art.units]
    counts = {r: roles.count(r) for r in ("major_claim", "claim", "premise", "none")}
    assert sum(counts.values()) == len(art.units)
    assert counts["none"] == 3 and counts["major_claim"] == 2


# --- segmentation without commas (needs a parser) -------------------------

@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    ("Cities should charge drivers because congestion wastes everyone's time.",
     ["Cities should charge drivers", "because congestion wastes everyone's time."]),
    ("The council widened the lanes so that buses could pass the queues.",
     ["The council widened the lanes", "so that buses could pass the queues."]),
    ("Schools should not ban phones unless teachers find them disruptive in class.",
     ["Schools should not ban phones", "unless teachers find them disruptive in class."]),
    ("Fares have risen sharply since 2010 in most large cities.",
     ["Fares have risen sharply since 2010 in most large cities."]),
    ("The levy (which firms paid because sugar was taxed) cut sugar intake sharply.",
     ["The levy (which firms paid because sugar was taxed) cut sugar intake sharply."]),
    ('The minister said "we must act because prices are rising fast" at the briefing.',
     ['The minister said "we must act because prices are rising fast" at the briefing.']),
    # "and" + a clause with its own subject, though the parser hangs "and" on the object
    ("The factory wastes too much water and too many fish are dying in the river.",
     ["The factory wastes too much water", "and too many fish are dying in the river."]),
    ("Our schools spend far too much money and too many pupils are left without books.",
     ["Our schools spend far too much money", "and too many pupils are left without books."]),
    ("The British and American railway companies cooperate closely on safety matters.",
     ["The British and American railway companies cooperate closely on safety matters."]),
    # a causal "as" + clause is cut; a comparative or fixed "as" is not
    ("Shops would presumably be emptier on Sundays as not everyone would be open on the same day.",
     ["Shops would presumably be emptier on Sundays", "as not everyone would be open on the same day."]),
    ("The new tram is as fast as the old one was in its best years.",
     ["The new tram is as fast as the old one was in its best years."]),
    ("The plan will fail just as the last one did in the spring.",
     ["The plan will fail just as the last one did in the spring."]),
    # "As long as X, Y" is a condition and stays whole, like "If X, Y"; "Although X, Y" is cut
    ("As long as the board keeps its budget secret, the public will not trust its decisions.",
     ["As long as the board keeps its budget secret, the public will not trust its decisions."]),
    ("Although the board keeps its budget secret, the public still trusts its decisions.",
     ["Although the board keeps its budget secret,", "the public still trusts its decisions."]),
    # a fronted clause may hold a cut of its own before the main clause
    ("Although fares are high in the city, and buses are often late, most residents still use public transport.",
     ["Although fares are high in the city,", "and buses are often late,",
      "most residents still use public transport."]),
    # a fixed pair is no coordination, whatever the parser makes of it
    ("Sadly it turns out time and again that poor families pay the highest fares.",
     ["Sadly it turns out time and again that poor families pay the highest fares."]),
    # "not only X, but Y" is one statement; a plain ", but" + clause is cut
    ("The council is not only wasting our money, but it is also ignoring the residents.",
     ["The council is not only wasting our money, but it is also ignoring the residents."]),
    ("The council is wasting our money, but it is also ignoring the residents.",
     ["The council is wasting our money,", "but it is also ignoring the residents."]),
    # ", and moreover" adds a point of its own, even with no subject of its own
    ("The new tram line is cheaper than buses in the long run, and moreover, runs far more quietly at night.",
     ["The new tram line is cheaper than buses in the long run,", "and moreover, runs far more quietly at night."]),
    ("The new tram line is cheaper than buses in the long run, and runs far more quietly at night.",
     ["The new tram line is cheaper than buses in the long run, and runs far more quietly at night."]),
    # a focus adverb before "because" opens the reason, after a comma or bound to its verb
    ("Young families face higher rents every year, precisely because older tenants never leave their flats.",
     ["Young families face higher rents every year,", "precisely because older tenants never leave their flats."]),
    ("The tram line was built mainly because the council wanted votes in the suburbs.",
     ["The tram line was built", "mainly because the council wanted votes in the suburbs."]),
    ("It is not only because of the cost that riders stay away from the trams.",
     ["It is not only because of the cost that riders stay away from the trams."]),
    # too few words before the adverb: the cut stays before "because", as before
    ("Fares are high precisely because demand is strong in every district.",
     ["Fares are high precisely", "because demand is strong in every district."]),
])
def test_clause_cuts(nlp_model, text, expected):
    """Cuts without a comma (before "because", "so that", "unless") and cuts read from the parse."""
    doc = nlp_model(text)
    assert [doc[s:e].text for s, e, _ in segment(doc)] == expected


@pytest.mark.model
def test_fronted_clause_ends_where_the_parse_ends_it(nlp_model):
    # the main clause starts after the whole fronted adjunct, not at its first comma
    doc = nlp_model("Despite the long delays on the northern line, which have angered many commuters, "
                    "the city should keep the trams running.")
    assert [doc[s:e].text for s, e, _ in segment(doc)][-1] == "the city should keep the trams running."


# --- relations ------------------------------------------------------------

ESSAY_BODY = "Bus Lanes Now\n\nTraffic is slow in the centre. The city should add more bus lanes.\n\n{}\n\n{}\n\nThe city should add bus lanes this year."


def test_paragraph_final_therefore_is_the_paragraph_claim(nlp):
    body = ("Bus lanes are cheap to paint. They carry more people than car lanes. "
            "Therefore the lanes pay for themselves.")
    doc = nlp(ESSAY_BODY.format(body, "Buses run on time in lanes of their own. Riders notice it."))
    got = rels(doc)
    claim = "the lanes pay for themselves."  # "Therefore" is the unit's prefix in an essay
    assert (claim, "The city should add more bus lanes.", "support") in got
    assert ("Bus lanes are cheap to paint.", claim, "support") in got
    assert ("They carry more people than car lanes.", claim, "support") in got


@pytest.mark.parametrize("last, target", [
    # a longer unit after a short bare statement is its evidence
    ("A single bus carries sixty commuters, where the cars on the same stretch of lane carry a dozen at most.",
     "Buses use road space well."),
    # two short statements in a row are coordinate points of the paragraph's claim
    ("Drivers save fuel in the queues.", "Bus lanes make the whole city faster."),
])
def test_short_statement_is_backed_by_the_longer_unit_after_it(nlp, last, target):
    body = "Bus lanes make the whole city faster. Buses use road space well. " + last
    got = rels(nlp(ESSAY_BODY.format(body, "Riders notice the difference. Fares stay low.")))
    assert (last, target, "support") in got
    assert ("Buses use road space well.", "Bus lanes make the whole city faster.", "support") in got


@pytest.mark.model
@pytest.mark.parametrize("short, backed", [
    ("Buses use road space well.", True),
    ("Consider the number five bus.", False),  # an imperative announces what follows
    ("Three numbers, mainly.", False),  # a fragment, no subject
])
def test_short_statement_needs_a_subject(nlp_model, short, backed):
    last = "A single bus carries sixty commuters, where the cars on the same stretch of lane carry a dozen at most."
    body = "Bus lanes make the whole city faster. " + short + " " + last
    doc = nlp_model(ESSAY_BODY.format(body, "Riders notice the difference. Fares stay low."))
    assert ((last, short, "support") in rels(doc)) is backed


def test_anaphoric_opener_attaches_to_previous_unit(nlp):
    # in an essay the "This ..." unit backs the unit it refers to
    body = "Buses carry cleaners to early shifts. This keeps hospitals running at night."
    got = rels(nlp(ESSAY_BODY.format(body, "Riders notice the difference. Fares stay low.")))
    assert ("This keeps hospitals running at night.", "Buses carry cleaners to early shifts.",
            "support") in got


def test_anaphoric_opener_in_a_short_text_draws_on_the_unit_before(nlp):
    # in a short text "A. This B." reads B as the point drawn from A: A backs B, B the thesis
    doc = nlp("Cities should ban cars from the centre. Air pollution kills thousands every year. "
              "This costs health services billions.")
    got = rels(doc)
    assert ("Air pollution kills thousands every year.", "This costs health services billions.",
            "support") in got
    assert ("This costs health services billions.", "Cities should ban cars from the centre.",
            "support") in got


@pytest.mark.parametrize("point, drawn", [
    ("That's costly for the state.", True),
    ("That makes the degree worth less.", True),
    ("That the fees deter poor families is well known.", False),  # a clause, no reference back
])
def test_demonstrative_that_draws_on_the_unit_before(nlp, point, drawn):
    # "A. That's B." refers back like "This": A backs B, B the thesis
    doc = nlp("Universities should not charge tuition fees. Fees make students take longer to finish. "
              + point)
    got = rels(doc)
    assert (("Fees make students take longer to finish.", point, "support") in got) is drawn
    assert (point, "Universities should not charge tuition fees.", "support") in got


@pytest.mark.model
@pytest.mark.parametrize("text, concession, answer", [
    ("The council should keep the library open. Although the building is old, "
     "it still serves hundreds of readers every day.",
     "Although the building is old,", "it still serves hundreds of readers every day."),
    ("The council should keep the library open. Its reading rooms are full every afternoon. "
     "Even if repairs cost money, the town would lose far more without it.",
     "Even if repairs cost money,", "the town would lose far more without it."),
])
def test_main_clause_answers_the_concession_it_follows(nlp_model, text, concession, answer):
    got = rels(nlp_model(text))
    assert (concession, "The council should keep the library open.", "attack") in got
    assert (answer, concession, "attack") in got


@pytest.mark.parametrize("text, source, target, kind", [
    pytest.param("Schools should start later in the morning. Of course some parents prefer early starts. "
                 "The children, however, learn less when they are tired.",
                 "The children, however, learn less when they are tired.",
                 "Of course some parents prefer early starts.", "attack", id="contrast-after-subject"),
    pytest.param("Cities should tax sugary drinks. Sugar harms teeth. "
                 "A can of cola holds, for example, nine spoons of sugar.",
                 "A can of cola holds, for example, nine spoons of sugar.", "Sugar harms teeth.",
                 "support", id="inner-example-cue"),
    pytest.param("The EU should send observers to the election. Voters trust observers. "
                 "The count should not be left to the old opponents of reform alone.",
                 "The count should not be left to the old opponents of reform alone.",
                 "The EU should send observers to the election.", "support", id="bare-opponents-noun"),
    pytest.param("Parking fees pay for the new tram. Drivers already pay road tax. "
                 "The council should therefore raise parking fees. "
                 "Shop owners, however, fear that customers will stay away.",
                 "Shop owners, however, fear that customers will stay away.",
                 "The council should therefore raise parking fees.", "attack",
                 id="contrast-right-after-short-thesis"),
    pytest.param("I will sell my car this year. My neighbours warn that I will miss it. "
                 "And yet the bus stops right outside my door.",
                 "And yet the bus stops right outside my door.", "My neighbours warn that I will miss it.",
                 "attack", id="and-yet"),
])
def test_relation_rule(nlp, text, source, target, kind):
    """One cue, one relation: the contrast after a subject ("X, however, Y") answers a
    concession, an example cue inside a unit supports the unit before, a bare
    "opponents" noun is no opposing voice, a contrast right after a short text's
    thesis objects to it, and "And yet" is a contrast."""
    assert (source, target, kind) in rels(nlp(text))


@pytest.mark.model
def test_sentence_initial_for_is_not_a_reason_for_the_sentence_before(nlp_model):
    major = "The council should build more cycle lanes."
    got = rels(nlp_model(major + " Cycling is cheap for riders. For safety reasons alone the lanes are worth it."))
    assert ("For safety reasons alone the lanes are worth it.", major, "support") in got
    # after a comma, "for" still gives the reason for its own sentence
    got = rels(nlp_model(major + " Cycling is cheap for riders, for a bike costs less than a bus pass."))
    assert ("for a bike costs less than a bus pass.", "Cycling is cheap for riders,", "support") in got


@pytest.mark.parametrize("text", [
    "Students should ignore the QS rankings. Besides, QS rankings reward wealthy universities "
    "with big research budgets.",
    "Students should ignore the QS rankings. Furthermore, QS rankings mostly help the richest "
    "universities win.",
])
def test_addition_opener_is_on_the_authors_side_whatever_the_lexicon_says(nlp, text):
    # the lexicon reads "reward"/"help" as praise of the rankings the thesis rejects
    doc = nlp(text)
    major, added = (s.text for s in doc.spans["argmap_units"])
    assert rels(doc) == {(added, major, "support")}


@pytest.mark.parametrize("answer, kind, target", [
    # a rebuttal answers the concession ...
    ("But the smell will be gone by the weekend.", "attack", "Of course the paint will smell for days."),
    # ... unless it sets the concession aside and goes back to the thesis
    ("But aside from that, a fresh colour will cheer up the whole flat.", "support",
     "Tomorrow I will repaint the kitchen."),
    ("But the main point is that the old colour makes the room dark.", "support",
     "Tomorrow I will repaint the kitchen."),
])
def test_contrast_that_sets_the_objection_aside_backs_the_thesis(nlp, answer, kind, target):
    doc = nlp("Tomorrow I will repaint the kitchen. Of course the paint will smell for days. " + answer)
    assert (answer, target, kind) in rels(doc)


def test_contrast_after_an_added_point_objects_to_the_thesis(nlp):
    # "Also X" is the author's own point, not an implicit concession
    doc = nlp("Shops should be allowed to open on Sundays. Families could shop together. "
              "Also the streets would be emptier on weekdays. "
              "However, small shops would struggle to staff the extra day.")
    got = rels(doc)
    thesis = "Shops should be allowed to open on Sundays."
    assert ("Also the streets would be emptier on weekdays.", thesis, "support") in got
    assert ("However, small shops would struggle to staff the extra day.", thesis, "attack") in got


@pytest.mark.model
def test_contrast_then_so_the_conclusion_answers(nlp_model):
    # "However Y, so Z": Z is the answer to the view before, Y its ground
    doc = nlp_model("Shops should close on Sundays. Longer hours create jobs. "
                    "However, most of those jobs are part-time, so unemployment hardly falls.")
    got = rels(doc)
    assert ("However, most of those jobs are part-time,", "so unemployment hardly falls.", "support") in got
    assert ("so unemployment hardly falls.", "Longer hours create jobs.", "attack") in got


def test_inner_hence_draws_on_the_unit_before(nlp):
    doc = nlp("Schools should start later. Teenagers need more sleep than adults. "
              "Tired pupils hence learn less in the first lesson.")
    got = rels(doc)
    assert ("Teenagers need more sleep than adults.", "Tired pupils hence learn less in the first lesson.",
            "support") in got
    assert ("Tired pupils hence learn less in the first lesson.", "Schools should start later.",
            "support") in got


def test_essay_attacks_need_an_explicit_voice(nlp):
    plain = "Cycling is growing fast in Paris. However, many streets remain dangerous."
    voiced = "Critics say that bus lanes slow other traffic. However, journeys have become faster."
    got = rels(nlp(ESSAY_BODY.format(plain, voiced)))
    attacks = {(s, t) for s, t, k in got if k == "attack"}
    assert attacks == {  # an essay's spans leave out "Critics say that" and "However,"
        ("bus lanes slow other traffic.", "The city should add more bus lanes."),
        ("journeys have become faster.", "bus lanes slow other traffic."),
    }


def test_reason_for_a_reason_is_a_premise_of_that_premise(nlp):
    doc = nlp("The city should plant more trees. Trees cool the streets in summer, "
              "because their leaves give shade.")
    got = rels(doc)
    assert ("because their leaves give shade.", "Trees cool the streets in summer,", "support") in got
    assert ("Trees cool the streets in summer,", "The city should plant more trees.", "support") in got
    roles = dict(units(doc))
    assert roles["because their leaves give shade."] == "premise"


@pytest.mark.parametrize("text, voice", [
    ("Critics of the plan argue that it costs too much.", "critics of the plan argue"),
    ("Some people say the tax is unfair.", "some people say"),
    ("Some dog owners assume that the licence fee pays for cleaning.", "some dog owners assume"),
    ("Many parents think the homework is too long.", "many parents think"),
    ("It is often claimed that buses are empty.", "it is often claimed"),
    ("But opponents also warn that fares will rise.", "but opponents also warn"),
    ("The critics were wrong about the tram.", ""),
    # organised interests report a view too
    ("Tenant groups argue that a cap protects families.", "tenant groups argue"),
    ("Trade unions say the plan will cost jobs.", "trade unions say"),
    ("Campaigners insist that the ferry must stay.", "campaigners insist"),
    ("Parent groups met the mayor on Monday.", ""),
    # an objection named as such
    ("A harder objection is that pupils will sleep in anyway.", "a harder objection is that"),
    ("One objection to the levy is that shops will close.", "one objection to the levy is that"),
    ("The objection is weaker than it sounds.", ""),
])
def test_opposing_voice(text, voice):
    assert opposing_voice(text) == voice


def test_prefix_and_restatements_survive_article_json(nlp):
    from argmap.records import article_from_dict, article_to_dict

    art = extract_article(OP_ED.replace("The city should keep them all running.",
                                        "In short, the city should keep them all running."),
                          article_id="o", nlp=nlp)
    back = article_from_dict(article_to_dict(art))
    assert back == art
    assert [(u.prefix, u.text) for u in back.restatements] == [
        ("In short", "the city should keep them all running.")]


def test_essays_keep_coordinated_clauses_whole(nlp):
    sentence = "The tram is cheap to run, but the buses are often late."
    short = nlp.make_doc(sentence + " Riders prefer the tram.")
    assert len(segment(short)) == 3
    essay = nlp.make_doc(f"{sentence} Riders prefer it.\n\nThe city agrees.\n\nThe plan is fine.")
    assert [essay[s:e].text for s, e, _ in segment(essay)][0] == sentence
    titled = nlp.make_doc(f"Trams First\n\n{sentence}\n\nThe city agrees.")
    assert len(segment(titled)) == 4  # a title and two paragraphs: not an essay


# --- essay spans: connectives and voice frames are prefixes ------------------------

LANES_PARAGRAPH = "Buses run on time in lanes of their own. Riders notice it."


def essay_prefixes(doc):
    """Each unit's text -> the discourse prefix left out of its span."""
    return {u.text: p for u, p in zip(doc.spans["argmap_units"], doc._.argmap_prefixes)}


def test_essay_spans_leave_out_connectives_and_voice_frames(nlp):
    body = ("Some people argue that the lanes cost too much. However, the paint is cheap. "
            "Moreover, buses fill the lanes at rush hour.")
    spans = essay_prefixes(nlp(ESSAY_BODY.format(body, LANES_PARAGRAPH)))
    assert spans["the lanes cost too much."] == "Some people argue that"
    assert spans["the paint is cheap."] == "However"
    assert spans["buses fill the lanes at rush hour."] == "Moreover"


@pytest.mark.model
def test_focused_reason_is_a_prefix_and_backs_the_unit_before(nlp_model):
    body = ("Young families face higher rents every year, precisely because the old tenants never "
            "leave their flats. Landlords raise rents on every new lease.")
    doc = nlp_model(ESSAY_BODY.format(body, LANES_PARAGRAPH))
    spans = essay_prefixes(doc)
    assert spans["the old tenants never leave their flats."] == "precisely because"
    assert ("the old tenants never leave their flats.", "Young families face higher rents every year,",
            "support") in rels(doc)


@pytest.mark.parametrize("reason, whole", [
    (" because the paint wears off every winter.", True),
    (", since the paint wears off every winter.", False),
])
def test_reported_view_keeps_its_reason_unless_a_comma_sets_it_off(nlp, reason, whole):
    body = "Some people argue that the lanes cost too much" + reason + " However, the paint is cheap."
    doc = nlp(ESSAY_BODY.format(body, "Buses run on time in lanes of their own. Riders notice it."))
    texts = [u.text for u in doc.spans["argmap_units"]]
    view = "the lanes cost too much" + (reason if whole else ",")
    assert view in texts
    if not whole:
        assert ("the paint wears off every winter.", view, "support") in rels(doc)


def test_short_texts_keep_connectives_in_the_span(nlp):
    doc = nlp("The city should add bus lanes. However, the paint is cheap and quick to apply.")
    texts = [u.text for u in doc.spans["argmap_units"]]
    assert texts[1] == "However, the paint is cheap and quick to apply."


def test_so_and_since_stay_when_no_clause_follows(nlp):
    from argmap.pipeline.units import prefix_end

    doc = nlp.make_doc("Since 2010 the fares have doubled in every city.")
    assert prefix_end(doc, 0, len(doc), connectives=True) == 0
    doc = nlp.make_doc("So many riders now take the bus to work.")
    assert prefix_end(doc, 0, len(doc), connectives=True) == 0


# --- major claim: topic announcements and openers that lean back -----------------


@pytest.mark.parametrize("text, fragment", [
    ("I am here to argue about what the league tables tell us.", True),
    ("This essay will discuss the sugar levy and its critics.", True),
    ("I'm not here to defend the old timetable.", True),
    ("The sugar levy should stay in place.", False),
    # an indirect question names the issue, not a position
    ("The question is what such a levy actually does.", True),
    ("The real question is whether the ferry can pay its way.", True),
    ("The question of cost is settled by the audit.", False),
])
def test_topic_announcement_is_never_the_major_claim(nlp, text, fragment):
    from argmap.pipeline.units import is_fragment

    doc = nlp.make_doc(text)
    assert is_fragment(doc, 0, len(doc)) is fragment


def test_opener_that_leans_back_loses_the_thesis_to_the_introduction(nlp):
    text = ("Parking Rules\n\nDrivers circle the old town for twenty minutes. "
            "Short-stay parking fees are the fairest way to free up spaces.\n\n"
            "Fees move cars on quickly. Shops see more customers.\n\n"
            "Residents keep their permits. Nobody loses a space at home.\n\n"
            "Some drivers will complain at first. It means the council should therefore "
            "introduce the fees this spring.")
    doc = nlp(text)
    majors = [(u.text, c) for u, (r, c, _) in zip(doc.spans["argmap_units"], doc._.argmap_roles)
              if r == "major_claim"]
    best = max(majors, key=lambda m: m[1])[0]
    assert best == "Short-stay parking fees are the fairest way to free up spaces."


def test_restatement_stands_alone_and_echoes_the_thesis(nlp):
    text = ("Towns Should Keep Their Libraries\n\nCouncils are closing branches to save money. "
            "Towns should keep their public libraries open.\n\n"
            "Libraries lend books for free. Children learn to read there.\n\n"
            "Critics say that libraries are empty. However, visits rose last year.\n\n"
            "None of this means the council should therefore close a branch. "
            "Public libraries in every town deserve to stay open.")
    doc = nlp(text)
    majors = sorted(((c, u.text) for u, (r, c, _) in zip(doc.spans["argmap_units"], doc._.argmap_roles)
                     if r == "major_claim"), reverse=True)
    assert [t for _, t in majors] == ["Towns Should Keep Their Libraries",
                                      "Towns should keep their public libraries open.",
                                      "Public libraries in every town deserve to stay open."]


@pytest.mark.parametrize("text, thesis", [
    # a unit that points back is not the thesis: the cue "need to" is not enough
    ("Trams are quiet and clean and cheap to run. These trams need to replace the night buses.",
     "Trams are quiet and clean and cheap to run."),
    ("Trams are quiet and clean and cheap to run. Such trams need to replace the night buses.",
     "Trams are quiet and clean and cheap to run."),
    # nor is a mere supposition
    ("Night buses are the cheapest way to serve shift workers at night. If the city cut them, "
     "nurses need to pay for taxis.", "Night buses are the cheapest way to serve shift workers at night."),
    # "This is why" draws the conclusion: it may be the thesis
    ("Night buses carry nurses home. Night buses carry cleaners home. "
     "This is why the city must keep every night bus.", "This is why the city must keep every night bus."),
])
def test_thesis_is_self_contained_and_asserted(nlp, text, thesis):
    doc = nlp(text)
    major = [u.text for u, (r, _, _) in zip(doc.spans["argmap_units"], doc._.argmap_roles)
             if r == "major_claim"]
    assert major == [thesis]


def test_contrast_opener_outweighs_an_inner_concession_cue(nlp):
    doc = nlp("The city should fine dog owners. Owners pay a licence fee for their dogs, "
              "but by that logic one could hardly fine anyone for litter.")
    got = rels(doc)
    assert ("but by that logic one could hardly fine anyone for litter.",
            "Owners pay a licence fee for their dogs,", "attack") in got


@pytest.mark.model
@pytest.mark.parametrize("short, role_is_none", [
    ("That's fair!", False),   # two words, but a clause: an argumentative unit
    ("Good point.", True),     # two words and no verb: not argument
])
def test_two_word_unit_is_argument_only_when_it_is_a_clause(nlp_model, short, role_is_none):
    doc = nlp_model(f"Parking in the centre should cost more. {short} Drivers take up space that buses need.")
    assert units(doc)[1] == (short, units(doc)[1][1])
    assert (units(doc)[1][1] == "none") is role_is_none


# --- sentences that cannot start one -------------------------------------

def test_number_after_an_abbreviation_continues_the_sentence(nlp):
    doc = nlp("Families should get bigger flats. A family moves approx. 4 times in ten years.")
    assert [t for t, _ in units(doc)] == ["Families should get bigger flats.",
                                         "A family moves approx. 4 times in ten years."]


@pytest.mark.model
def test_lower_case_word_continues_the_sentence(nlp_model):
    # the parser ends a sentence at "(!!!)"; "weeks" cannot start one
    doc = nlp_model("The new tram line is late. The builders still need 30 (!!!) weeks to finish it. "
                    "The council should fine them.")
    texts = [t for t, _ in units(doc)]
    assert "The builders still need 30 (!!!) weeks to finish it." in texts


def test_normative_thesis_is_restated_by_the_closing_call_not_the_summary(nlp):
    text = ("Keep the Harbour Ferry\n\nThe harbour ferry has crossed the bay since 1950. "
            "Last spring the county proposed to scrap it. "
            "The county should keep the ferry running.\n\n"
            "The ferry carries pupils to the college on the far shore. "
            "The road around the bay takes an hour.\n\n"
            "The boat also draws visitors to the market. "
            "Stall holders sell more on ferry days.\n\n"
            "In short, the ferry serves pupils, traders and visitors alike. "
            "The county should fund the boat for another ten years.")
    doc = nlp(text)
    got = {u.text: r for u, (r, _, _) in zip(doc.spans["argmap_units"], doc._.argmap_roles)}
    assert got["The county should fund the boat for another ten years."] == "major_claim"
    # the summary of reasons is a claim that backs the thesis
    summary = "the ferry serves pupils, traders and visitors alike."
    assert got[summary] == "claim"
    assert (summary, "The county should fund the boat for another ten years.", "support") in rels(doc)


def test_paragraph_that_opens_with_a_concession_is_headed_by_it_and_so_answers_it(nlp):
    text = ("Keep the Harbour Ferry\n\nThe harbour ferry has crossed the bay since 1950. "
            "The county should keep the ferry running.\n\n"
            "The ferry carries pupils to the college on the far shore. "
            "The road around the bay takes an hour.\n\n"
            "Admittedly, the boat loses money every winter. "
            "Few people cross the bay in January. "
            "Yet the loss is smaller than the cost of a new bus route. "
            "A bus would need two drivers on every shift. "
            "So the winter loss is a weak reason to scrap the boat.\n\n"
            "The ferry serves pupils and traders alike. "
            "The county should fund the boat for another ten years.")
    doc = nlp(text)
    got = rels(doc)
    texts = [s.text for s in doc.spans["argmap_units"]]
    thesis = "The county should keep the ferry running."
    conceded = next(t for t in texts if t.endswith("the boat loses money every winter."))
    answer = next(t for t in texts if t.endswith("the winter loss is a weak reason to scrap the boat."))
    roles = dict(units(doc))
    assert roles[conceded] == "claim" and roles[answer] == "premise"
    # the concession heads its paragraph, even though the paragraph ends with "So"
    assert (conceded, thesis, "attack") in got
    assert ("Few people cross the bay in January.", conceded, "support") in got
    assert (next(t for t in texts if t.endswith("the loss is smaller than the cost of a new bus route.")),
            conceded, "attack") in got
    # the final "So" is drawn against the objection, from the unit before it
    assert (answer, conceded, "attack") in got
    assert ("A bus would need two drivers on every shift.", answer, "support") in got


def test_thesis_stated_only_in_the_conclusion_opens_it_with_in_the_end(nlp):
    text = ("What Speed Cameras Do\n\n"
            "Towns across the region have put up speed cameras on their main roads. "
            "Drivers' clubs call them a tax on motorists. "
            "The question is what the cameras actually do.\n\n"
            "Cameras slow traffic near schools. Crashes outside the gates fell after they came.\n\n"
            "Fines also fall over time. Drivers learn where the cameras stand.\n\n"
            "In the end, speed cameras are a cheap way to save lives. "
            "Councils that want safer streets should keep them and add more.")
    doc = nlp(text)
    roles = dict(units(doc))
    assert roles["The question is what the cameras actually do."] == "none"
    majors = sorted(((c, u.text) for u, (r, c, _) in zip(doc.spans["argmap_units"], doc._.argmap_roles)
                     if r == "major_claim"), reverse=True)
    assert majors[0][1].endswith("speed cameras are a cheap way to save lives.")


@pytest.mark.parametrize("opener", ["In fact,", "In other words,", "In particular,"])
def test_elaboration_opener_backs_the_unit_before_not_the_paragraph_claim(nlp, opener):
    text = ("Keep the Harbour Ferry\n\nThe harbour ferry has crossed the bay since 1950. "
            "The county should keep the ferry running.\n\n"
            "The ferry keeps the market alive. "
            "Stall holders sell twice as much on ferry days. "
            f"{opener} the busiest stalls open only when the boat runs.\n\n"
            "The ferry serves traders alike. "
            "The county should fund the boat for another ten years.")
    doc = nlp(text)
    texts = [s.text for s in doc.spans["argmap_units"]]
    last = next(t for t in texts if t.endswith("the busiest stalls open only when the boat runs."))
    assert (last, "Stall holders sell twice as much on ferry days.", "support") in rels(doc)


@pytest.mark.model
@pytest.mark.parametrize("opener", ["Because", "Since"])
def test_fronted_reason_backs_the_main_clause_after_it(nlp_model, opener):
    doc = nlp_model("The school should start at nine. Pupils learn more when they are awake. "
              f"{opener} the first bus arrives at half past eight, many pupils miss registration.")
    texts = [s.text for s in doc.spans["argmap_units"]]
    reason = next(t for t in texts if t.endswith("the first bus arrives at half past eight,"))
    main = "many pupils miss registration."
    got = rels(doc)
    assert (reason, main, "support") in got
    assert not any(s == main and t == reason for s, t, _ in got)
