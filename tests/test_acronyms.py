import pytest

from clerk.index.acronyms import Acronyms, harvest


@pytest.mark.parametrize("text, pairs", [
    ("The Adult Social Care and Health (ASCH) directorate overspent.", [("ASCH", "Adult Social Care and Health")]),
    ("An Equality Impact Assessment (EqIA) was completed.", [("EqIA", "Equality Impact Assessment")]),
    ("the Medium Term Financial Plan ('MTFP')", [("MTFP", "Medium Term Financial Plan")]),
    ("Growth, Environment & Transport (GET) and", [("GET", "Growth Environment & Transport")]),
    # a list of abbreviations, as budget reports print them
    ("ASCH - Adult Social Care and Health CYPE - Children, Young People and Education",
     [("ASCH", "Adult Social Care and Health"), ("CYPE", "Children Young People and Education")]),
    ("Mr Smith (Chair) opened the meeting.", []),  # not an acronym
    ("the plan (MTFP) was agreed", []),  # initials that spell nothing before them
    ("Public Health (PH) budget", []),  # two letters: too many things and words
])
def test_acronyms_the_papers_define_are_read_in_either_order(text, pairs):
    assert harvest(text) == pairs


def test_each_acronym_is_searched_by_its_commonest_long_form_and_councils_are_left_out():
    table = Acronyms([("ASCH", "Adult Social Care and Health", 3), ("ASCH", "Adult Social Care & Health", 1),
                      ("KSS", "Key Service Statement", 2), ("KSS", "Kent Scientific Services", 2),  # a tie: unknown
                      ("NCC", "Northshire County Council", 5)])
    assert table.long == {"ASCH": "adult social care and health"}
    assert table.expand("What is the net budget for Adult Social Care & Health?") == \
        "What is the net budget for Adult Social Care & Health? (ASCH)"
    assert table.expand("What is the ASCH net budget?") == "What is the ASCH net budget?"  # already in its initials
    assert table.expand("What is the adult social care precept?") == "What is the adult social care precept?"
