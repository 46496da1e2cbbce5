"""Reading and scoring the two gold layouts of toponym resolution, on files written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from armswatch.errors import GoldFormatError
from armswatch.evaluation.geo import evaluate_geo, read_geo_gold

SHARED = Path(__file__).resolve().parents[3] / "shared"
LGL_EXAMPLE = SHARED / "eval" / "external" / "lgl" / "lgl-layout-example.xml"

GWN_TEXT = "Sailors from Sevastopol crossed the Black Sea to Varna. Local people watched. Bulgarian media cheered."
# Offsets: Sevastopol 13-23, Black Sea 36-45, Varna 49-54, people 62-68, Bulgarian 78-87.
GWN_LAYOUT = f"""<?xml version="1.0" ?>
<articles>
  <article file="0">
    <title>Test</title>
    <link>http://example.org/a</link>
    <text>{GWN_TEXT}</text>
    <toponyms>
      <toponym>
        <extractedName>Sevastopol</extractedName><normalisedName/><type>Literal</type><modifierType/>
        <nonLocational>No</nonLocational><start>13</start><end>23</end>
        <geonamesID>694423</geonamesID><latitude>44.60795</latitude><longitude>33.52134</longitude>
      </toponym>
      <toponym>
        <extractedName>Black Sea</extractedName><normalisedName/><type>Literal</type><modifierType/>
        <nonLocational>No</nonLocational><start>36</start><end>45</end>
        <geonamesID>630673</geonamesID><latitude>43.0</latitude><longitude>35.0</longitude>
      </toponym>
      <toponym>
        <extractedName>Varna</extractedName><normalisedName/><type>Literal</type><modifierType/>
        <nonLocational>No</nonLocational><start>-40</start><end>-35</end>
        <geonamesID>726050</geonamesID><latitude>43.21667</latitude><longitude>27.91667</longitude>
      </toponym>
      <toponym>
        <extractedName>people</extractedName><normalisedName/><type>Non_Lit_Expression</type><modifierType/>
        <nonLocational>Yes</nonLocational><start>62</start><end>68</end>
      </toponym>
      <toponym>
        <extractedName>Bulgarian</extractedName><normalisedName/><type>Demonym</type><modifierType/>
        <nonLocational>No</nonLocational><start>78</start><end>87</end>
      </toponym>
    </toponyms>
  </article>
</articles>
"""

LGL_TEXT = "Flights from Denver to Paris, Texas, were cancelled, and Lamar County schools closed."
# Offsets: Denver 13-19, Paris 23-28, Texas 30-35, Lamar County 57-69.
LGL_LAYOUT = f"""<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="7">
    <title>Storms</title>
    <url>http://example.org/b</url>
    <text><![CDATA[{LGL_TEXT}]]></text>
    <toponyms count="4">
      <toponym>
        <start>13</start><end>19</end><phrase>Denver</phrase>
        <gaztag geonameid="5419384"><name>Denver</name><fclass>P</fclass><fcode>PPLA</fcode>
          <lat>39.73915</lat><lon>-104.9847</lon><country geonameid="6252001">United States</country>
          <admin1 geonameid="5417618">Colorado</admin1></gaztag>
      </toponym>
      <toponym>
        <start>23</start><end>28</end><phrase>Paris</phrase>
        <gaztag geonameid="4717560"><name>Paris</name><fclass>P</fclass><fcode>PPLA2</fcode>
          <lat>33.66094</lat><lon>-95.55551</lon><country geonameid="6252001">United States</country>
          <admin1 geonameid="4736286">Texas</admin1></gaztag>
      </toponym>
      <toponym>
        <start>30</start><end>35</end><phrase>Texas</phrase>
      </toponym>
      <toponym>
        <start>57</start><end>69</end><phrase>Lamar County</phrase>
        <gaztag geonameid="4705708"><name>Lamar County</name><fclass>A</fclass><fcode>ADM2</fcode>
          <lat>33.66709</lat><lon>-95.57086</lon><country geonameid="6252001">United States</country>
          <admin1 geonameid="4736286">Texas</admin1></gaztag>
      </toponym>
    </toponyms>
  </article>
</articles>
"""


@pytest.fixture
def gwn_file(tmp_path: Path) -> Path:
    path = tmp_path / "gwn.xml"
    path.write_text(GWN_LAYOUT, encoding="utf-8")
    return path


@pytest.fixture
def lgl_file(tmp_path: Path) -> Path:
    path = tmp_path / "lgl.xml"
    path.write_text(LGL_LAYOUT, encoding="utf-8")
    return path


def test_offsets_in_the_fixtures_match_their_text() -> None:
    assert GWN_TEXT[13:23] == "Sevastopol" and GWN_TEXT[36:45] == "Black Sea" and GWN_TEXT[49:54] == "Varna"
    assert GWN_TEXT[62:68] == "people" and GWN_TEXT[78:87] == "Bulgarian"
    assert LGL_TEXT[23:28] == "Paris" and LGL_TEXT[57:69] == "Lamar County"


def test_geowebnews_layout_skips_non_places_and_realigns_offsets(gwn_file: Path) -> None:
    [document] = read_geo_gold(gwn_file)
    assert [t.text for t in document.toponyms] == ["Sevastopol", "Black Sea", "Varna"]  # no expression, no demonym
    varna = document.toponyms[2]
    assert document.text[varna.start:varna.end] == "Varna"  # a negative offset found again by its name
    sevastopol = document.toponyms[0]
    assert sevastopol.geonameid == 694423 and sevastopol.country == "UA"  # country from the gold id


def test_geowebnews_layout_scores(gwn_file: Path) -> None:
    scores = evaluate_geo(gwn_file)
    assert set(scores) == {"n", "exact", "country", "acc_161km"}
    assert scores["n"] == 3
    # Sevastopol and Varna by id; the Black Sea is in regions.toml (no GeoNames id), near the gold point.
    assert scores["exact"] == pytest.approx(0.667) and scores["acc_161km"] == 1.0


def test_lgl_layout_skips_toponyms_without_gaztag(lgl_file: Path) -> None:
    [document] = read_geo_gold(lgl_file)
    assert document.id == "7"
    assert [t.text for t in document.toponyms] == ["Denver", "Paris", "Lamar County"]
    assert {t.country for t in document.toponyms} == {"US"}


def test_lgl_layout_scores(lgl_file: Path) -> None:
    scores = evaluate_geo(lgl_file)
    assert scores["n"] == 3
    assert scores["exact"] == pytest.approx(0.667)  # the county has no GeoNames id here
    assert scores["country"] == 1.0 and scores["acc_161km"] == 1.0


def test_unreadable_gold_is_a_format_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("not xml at all", encoding="utf-8")
    with pytest.raises(GoldFormatError):
        read_geo_gold(bad)
    empty = tmp_path / "empty.xml"
    empty.write_text("<articles></articles>", encoding="utf-8")
    with pytest.raises(GoldFormatError):
        read_geo_gold(empty)


def test_the_published_lgl_layout_example() -> None:
    if not LGL_EXAMPLE.exists():
        pytest.skip(f"{LGL_EXAMPLE} is absent")
    assert evaluate_geo(LGL_EXAMPLE) == {"n": 3, "exact": 1.0, "country": 1.0, "acc_161km": 1.0}
