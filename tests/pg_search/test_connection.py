"""The Solr connection contract, against the real index table.

Documents are written the way CKAN writes them and read back with the Solr
parameters CKAN (and extensions) send; expectations are what Solr with
CKAN's schema would answer.
"""

import datetime as dt

import ckan.lib.search as search
import pysolr
import pytest
from ckan.plugins import toolkit as tk

SITE = "test.ckan.net"


def _doc(name, **fields):
    doc = {
        "index_id": f"idx-{name}",
        "id": f"id-{name}",
        "name": name,
        "site_id": SITE,
        "entity_type": "package",
        "dataset_type": "dataset",
        "state": "active",
        "capacity": "public",
        "private": False,
        "metadata_modified": "2024-01-01T00:00:00Z",
    }
    doc.update(fields)
    return doc


DOCS = [
    _doc(
        "haushalt-2024",
        title="Haushaltsplan 2024 des Landkreises",
        notes="Der Haushalt mit allen Produkten und Budgets der Fachdienste.",
        tags=["Haushalt", "Finanzen"],
        organization="fd-finanzen",
        # two CSV resources: the dataset still counts once in the facet
        res_format=["CSV", "PDF", "CSV"],
        license_id="dl-de-by-2.0",
        metadata_modified="2024-03-01T10:00:00Z",
        views_recent=5,
        extras_theme="GOVE",
    ),
    _doc(
        "schulen",
        title="Schulen im Saalekreis",
        notes="Standorte aller allgemeinbildenden Schulen, mit Schülerzahlen.",
        tags=["Bildung", "Schule"],
        organization="fd-schulverwaltung",
        res_format=["CSV", "GeoJSON"],
        license_id="dl-de-by-2.0",
        metadata_modified="2024-06-15T08:30:00Z",
        views_recent=50,
        minx=11.8,
        maxx=12.1,
        miny=51.3,
        maxy=51.5,
    ),
    _doc(
        "kfz-zulassungen",
        title="Kfz-Zulassungen nach Gemeinden",
        notes="Bestand an zugelassenen Fahrzeugen je Gemeinde.",
        tags=["Verkehr"],
        organization="fd-kfz",
        res_format=["XLSX"],
        license_id="cc-by",
        metadata_modified="2023-12-31T23:59:59Z",
        views_recent=7,
        minx=10.0,
        maxx=10.5,
        miny=52.0,
        maxy=52.2,
    ),
    _doc(
        "entwurf",
        title="Schulentwicklungsplan Entwurf",
        notes="Noch nicht veröffentlicht.",
        state="draft",
        capacity="private",
        private=True,
        tags=["Bildung"],
        organization="fd-schulverwaltung",
    ),
    _doc("fremd", title="Anderer Katalog Schulen", site_id="other.site"),
]


@pytest.fixture(scope="module")
def conn():
    """The patched CKAN connection with the sample documents indexed once."""
    search.clear_all()
    connection = search.make_connection()
    connection.delete(q='+site_id:"other.site"')
    connection.add(docs=DOCS, commit=True)
    yield connection
    search.clear_all()
    connection.delete(q='+site_id:"other.site"')


def names(results):
    return [d["name"] for d in results.docs]


def find(conn, q="*:*", **params):
    params.setdefault("fq", f'+site_id:"{SITE}"')
    params.setdefault("fl", "name")
    params.setdefault("rows", 100)
    return conn.search(q=q, **params)


def test_the_connection_is_pg_search():
    assert type(search.make_connection()).__name__ == "PgSolrConnection"
    assert search.is_available()


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("name:schulen", {"schulen"}),
        ("tags:Haushalt", {"haushalt-2024"}),
        # string fields are exact and case-sensitive, as in Solr
        ("tags:haushalt", set()),
        ('res_format:"CSV"', {"haushalt-2024", "schulen"}),
        ("res_format:CSV AND res_format:PDF", {"haushalt-2024"}),
        ("res_format:CSV -tags:Bildung", {"haushalt-2024"}),
        ("+res_format:CSV NOT organization:fd-finanzen", {"schulen"}),
        ("organization:(fd-kfz OR fd-finanzen)", {"kfz-zulassungen", "haushalt-2024"}),
        ("name:kfz*", {"kfz-zulassungen"}),
        ("name:?chulen", {"schulen"}),
        ("license_id:dl-de-by-2.0", {"haushalt-2024", "schulen"}),
        ("extras_theme:gove", {"haushalt-2024"}),
        ("views_recent:[6 TO *]", {"schulen", "kfz-zulassungen"}),
        ("views_recent:{5 TO 50}", {"kfz-zulassungen"}),
        (
            "metadata_modified:[2024-01-01T00:00:00Z TO NOW]",
            {"haushalt-2024", "schulen", "entwurf"},
        ),
        ("metadata_modified:[* TO 2024-01-01T00:00:00Z}", {"kfz-zulassungen"}),
        ("-state:active", {"entwurf"}),
        ("minx:*", {"schulen", "kfz-zulassungen"}),
        ("*", {"haushalt-2024", "schulen", "kfz-zulassungen", "entwurf"}),
        ("*:* -minx:[* TO *]", {"haushalt-2024", "entwurf"}),
    ],
)
def test_fielded_queries(conn, q, expected):
    assert set(names(find(conn, q))) == expected


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        # German stemming: word forms find each other
        ("Schule", {"schulen", "entwurf"}),
        ("Haushalts", {"haushalt-2024"}),
        # prefix matching finds compounds
        ("Schulentwicklung", {"entwurf"}),
        ("Zulassung", {"kfz-zulassungen"}),
        # umlauts
        ("Schülerzahl", {"schulen"}),
        ('"zugelassenen Fahrzeugen"', {"kfz-zulassungen"}),
        ("Haushalt -Fachdienste", set()),
        ("Fahrzeuge OR Haushalt", {"kfz-zulassungen", "haushalt-2024"}),
        # stop words restrict nothing
        ("der Haushalt", {"haushalt-2024"}),
    ],
)
def test_free_text_dismax(conn, q, expected):
    results = find(conn, q, defType="dismax", qf="name^4 title^4 tags^2 text")
    assert set(names(results)) == expected


def test_dismax_minimum_should_match(conn):
    params = {"defType": "dismax", "qf": "text", "mm": "2<-1 5<80%"}
    # two words: both needed
    assert names(find(conn, "Schulen Fahrzeuge", **params)) == []
    # three words: two of them are enough
    assert set(names(find(conn, "Schulen Standorte Fahrzeuge", **params))) == {
        "schulen"
    }


def test_title_matches_rank_above_notes(conn):
    results = find(
        conn,
        "Haushalt",
        defType="edismax",
        qf="text",
        fq=f'+site_id:"{SITE}"',
        sort="score desc",
    )
    assert names(results)[0] == "haushalt-2024"


def test_filters_and_site(conn):
    results = conn.search(
        q="*:*",
        fq=[f'+site_id:"{SITE}"', "+capacity:public", "+state:(active OR draft)"],
        fl="name",
    )
    assert results.hits == 3
    assert "fremd" not in names(
        conn.search(q="title:Schulen", fq="+site_id:test.ckan.net")
    )


def test_facets_count_the_filtered_set(conn):
    results = find(
        conn,
        "*:*",
        fq=f'+site_id:"{SITE}" +state:active',
        facet="true",
        **{"facet.field": ["res_format", "tags"], "facet.mincount": 1},
    )
    facets = results.facets["facet_fields"]
    assert facets["res_format"] == ["CSV", 2, "GeoJSON", 1, "PDF", 1, "XLSX", 1]
    assert facets["tags"][:2] == ["Bildung", 1]
    limited = find(
        conn, "*:*", facet="true", **{"facet.field": "res_format", "facet.limit": 1}
    )
    assert limited.facets["facet_fields"]["res_format"] == ["CSV", 2]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name asc", ["entwurf", "haushalt-2024", "kfz-zulassungen", "schulen"]),
        (
            "views_recent desc, name asc",
            ["schulen", "kfz-zulassungen", "haushalt-2024", "entwurf"],
        ),
        (
            "metadata_modified desc",
            ["schulen", "haushalt-2024", "entwurf", "kfz-zulassungen"],
        ),
        # a missing string sorts last in both directions (sortMissingLast)
        ("license_id desc", ["haushalt-2024", "schulen", "kfz-zulassungen", "entwurf"]),
    ],
)
def test_sorting(conn, sort, expected):
    assert names(find(conn, "*:*", sort=sort)) == expected


def test_paging_and_field_list(conn):
    results = find(conn, "*:*", sort="name asc", rows=2, start=1, fl="id name score")
    assert results.hits == 4
    assert [d["name"] for d in results.docs] == ["haushalt-2024", "kfz-zulassungen"]
    assert set(results.docs[0]) == {"id", "name", "score"}
    everything = find(conn, "name:schulen", fl="*").docs[0]
    # only stored fields come back, as from Solr
    assert everything["title"] == "Schulen im Saalekreis"
    assert "views_recent" not in everything
    assert "private" not in everything


def test_dates_are_decoded_like_pysolr(conn):
    doc = find(conn, "name:schulen", fl="metadata_modified").docs[0]
    assert doc["metadata_modified"] == dt.datetime(2024, 6, 15, 8, 30)


def test_bbox_filter_of_ckanext_spatial(conn):
    from ckanext.spatial.search import SolrBBoxSearchBackend

    params = SolrBBoxSearchBackend().search_params(
        {"minx": 11.9, "maxx": 12.5, "miny": 51.0, "maxy": 51.4}, {"q": "*:*"}
    )
    results = find(conn, params.pop("q"), fq=params.pop("fq_list"), **params)
    assert names(results) == ["schulen"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "title:("}, "SyntaxError"),
        ({"q": "name:x", "sort": "name sideways"}, "Can't determine a Sort Order"),
        ({"q": "name:x", "sort": "tags asc"}, "can not sort on multivalued field"),
        ({"q": "metadata_modified:[Q3/2024 TO *]"}, "Invalid Date"),
        ({"q": "views_recent:many"}, "Invalid Number"),
        ({"q": "name'; DROP TABLE package; --:x"}, "SyntaxError"),
        ({"q": "*:*", "sort": "name; DROP TABLE package asc"}, "Sort Order"),
        ({"q": "{!unknown}x"}, "Unknown query parser"),
        ({"q": "*:*", "fq": "{!frange l=0}nosuchfunction(minx)"}, "Unknown function"),
        ({"q": "*:*", "rows": "many"}, "Invalid integer"),
    ],
)
def test_bad_input_fails_like_solr_and_keeps_the_index(conn, params, message):
    with pytest.raises(pysolr.SolrError, match=message):
        conn.search(**params)
    assert find(conn).hits == 4


def test_sql_metacharacters_are_just_text(conn):
    for q in ['name:"x\'; DELETE FROM package; --"', 'title:"%" OR name:_', "name:%"]:
        assert find(conn, q).hits == 0
    # LIKE wildcards in the input are literal characters, not patterns
    assert find(conn, "name:%chulen OR name:_chulen").hits == 0
    assert find(conn).hits == 4


def test_invalid_documents_are_rejected_whole(conn):
    with pytest.raises(pysolr.SolrError, match="Error adding field"):
        conn.add(docs=[_doc("bad", index_id="idx-bad", metadata_created="gestern")])
    assert find(conn, "name:bad").hits == 0
    with pytest.raises(pysolr.SolrError, match="uniqueKey"):
        conn.add(docs=[{"name": "ohne-id"}])


def test_delete_by_id_and_query():
    connection = search.make_connection()
    connection.add(docs=[_doc("temp1"), _doc("temp2")])
    connection.delete(id="idx-temp1")
    assert names(find(connection, "name:temp*")) == ["temp2"]
    connection.delete(q='+name:temp2 +site_id:"test.ckan.net"')
    assert find(connection, "name:temp*").hits == 0
    assert tk.config["ckan.site_id"] == SITE


# -- dates at Solr's precision -------------------------------------------------

EXACT = "2026-11-30T19:50:01.123456Z"  # as CKAN sends metadata_modified


@pytest.fixture
def modified_at_an_instant(conn):
    """One dataset modified at ``EXACT`` (microseconds, as CKAN has them)."""
    conn.add(docs=[_doc("augenblick", metadata_modified=EXACT)], commit=True)
    yield
    conn.delete(id="idx-augenblick", commit=True)


@pytest.mark.usefixtures("modified_at_an_instant")
@pytest.mark.parametrize(
    ("q", "found"),
    [
        # Solr keeps milliseconds: a bound with microseconds is read at the
        # millisecond, and inclusive bounds include the instant itself
        (f"metadata_modified:[{EXACT} TO NOW]", True),
        (f"metadata_modified:[{EXACT} TO *]", True),
        (f"metadata_modified:[* TO {EXACT}]", True),
        (f"metadata_modified:{{{EXACT} TO *]", False),
        (f"metadata_modified:[* TO {EXACT}}}", False),
        (f"metadata_modified:[{EXACT} TO {EXACT}]", True),
        (f"metadata_modified:{{{EXACT} TO {EXACT}]", False),
        (f'metadata_modified:"{EXACT}"', True),
        ('metadata_modified:"2026-11-30T19:50:01.123Z"', True),
        ('metadata_modified:"2026-11-30T19:50:01.123999Z"', True),
        ('metadata_modified:"2026-11-30T19:50:01.124Z"', False),
        ("metadata_modified:[2026-11-30T19:50:01.124Z TO *]", False),
        ("metadata_modified:[* TO 2026-11-30T19:50:01.122999Z]", False),
        # date math rounding is exact
        (
            "metadata_modified:[2026-11-30T23:59:59Z/DAY"
            " TO 2026-11-30T00:00:00Z/DAY+1DAY}",
            True,
        ),
        (
            "metadata_modified:[2026-11-30T19:50:01.123Z/SECOND"
            " TO 2026-11-30T19:50:01Z]",
            False,
        ),
        (
            "metadata_modified:[2026-11-30T19:50:01.123Z/SECOND"
            " TO 2026-11-30T19:50:01Z+1SECOND}",
            True,
        ),
        ("metadata_modified:{2026-11-30T19:50:01.999Z/SECOND TO *]", True),
        ("metadata_modified:[2026-11-30T19:50:01.123456Z+1MILLI TO *]", False),
    ],
)
def test_date_bounds_at_millisecond_precision(conn, q, found):
    assert ("augenblick" in names(find(conn, q))) is found


def test_now_has_millisecond_precision():
    from ckanext.pg_search.datemath import parse_date

    now = dt.datetime(2026, 11, 30, 19, 50, 1, 123456, tzinfo=dt.UTC)
    assert parse_date("NOW", now=now).microsecond == 123000
    assert parse_date(EXACT).microsecond == 123000
