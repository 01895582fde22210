from decimal import Decimal

from defusedxml import ElementTree

from caseboard.reporting.charts import bar_chart_svg, line_chart_svg

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup):
    return ElementTree.fromstring(str(markup))


def test_a_line_chart_is_well_formed_and_named_and_described():
    svg = parse(
        line_chart_svg(
            "Assessments on time & visits",
            [("Assessments", [Decimal("95.00"), None, 90]), ("Visits <all>", [80, 85, 70])],
            ["1 Jun", "8 Jun", "15 Jun"],
            y_label="% on time",
            percent=True,
        )
    )
    assert svg.tag == f"{SVG}svg"
    assert svg.get("role") == "img"
    title = svg.find(f"{SVG}title")
    desc = svg.find(f"{SVG}desc")
    assert title.text == "Assessments on time & visits"
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    # The description summarises the data in words, and says where the table is.
    assert "Assessments: 95% (1 Jun) to 90% (15 Jun); lowest 90% (15 Jun), highest 95% (1 Jun)." in desc.text
    assert "Visits <all>: 80% (1 Jun) to 70% (15 Jun)" in desc.text
    assert "The same figures are in the table." in desc.text
    # Colour is not the only cue: the second series has a dash pattern and a different marker.
    series = svg.findall(f"{SVG}g[@data-series]")
    assert [g.get("data-series") for g in series] == ["Assessments", "Visits <all>"]
    assert series[1].find(f"{SVG}path").get("stroke-dasharray") == "8 4"
    assert series[0].find(f"{SVG}circle") is not None and series[1].find(f"{SVG}rect") is not None
    # A missing value leaves a gap: the first series has two points and no line through the gap.
    assert len(series[0].findall(f"{SVG}circle")) == 2
    assert series[0].find(f"{SVG}path") is None
    # No style attributes anywhere (the Content-Security-Policy forbids inline styles).
    assert not [element for element in svg.iter() if element.get("style")]


def test_a_bar_chart_uses_fill_patterns_and_writes_the_values():
    markup = bar_chart_svg(
        "Referrals per week", [("Referrals", [3, 5]), ("Usual", [4, 4])], ["1 Jun", "8 Jun"], y_label="n"
    )
    svg = parse(markup)
    assert svg.find(f"{SVG}title").text == "Referrals per week"
    assert "Referrals: 3 (1 Jun) to 5 (8 Jun)" in svg.find(f"{SVG}desc").text
    patterns = svg.findall(f"{SVG}defs/{SVG}pattern")
    assert len(patterns) == 1
    bars = [rect for rect in svg.iter(f"{SVG}rect") if rect.get("fill", "").startswith("url(#")]
    assert bars and all(rect.get("fill") == f"url(#{patterns[0].get('id')})" for rect in bars)
    texts = [text.text for text in svg.iter(f"{SVG}text")]
    assert {"3", "5", "4"} <= set(texts)


def test_an_empty_chart_still_parses():
    svg = parse(line_chart_svg("Nothing yet", [("Referrals", [])], [], y_label="n"))
    assert "Referrals: no data." in svg.find(f"{SVG}desc").text
