"""package_search and friends through CKAN's action layer and API, on pg_search."""

import json

import ckan.lib.search as search
import pytest
from ckan.plugins import toolkit as tk
from ckan.tests import factories, helpers


def _polygon(minx, miny, maxx, maxy):
    return json.dumps(
        {
            "type": "Polygon",
            "coordinates": [
                [[minx, miny], [maxx, miny], [maxx, maxy], [minx, maxy], [minx, miny]]
            ],
        }
    )


@pytest.fixture(scope="module")
def portal(reset_db, reset_index):
    """A small county portal, created once for the read-only tests below."""
    reset_db()
    reset_index()
    geo = factories.Organization(name="fd-geoinformation", title="Geoinformation")
    rat = factories.Organization(name="kreistagsbuero", title="Kreistagsbüro")
    datasets = {
        "radwege": factories.Dataset(
            name="radwegenetz",
            title="Radwegenetz des Saalekreises",
            notes="Alle ausgeschilderten Radwege mit Oberflächen.",
            owner_org=geo["id"],
            tags=[{"name": "Verkehr"}, {"name": "Radverkehr"}],
            resources=[{"url": "https://example.org/rad.geojson", "format": "GeoJSON"}],
            extras=[{"key": "spatial", "value": _polygon(11.6, 51.2, 12.1, 51.5)}],
        ),
        "sitzungen": factories.Dataset(
            name="kreistag-sitzungen",
            title="Sitzungen des Kreistages",
            notes="Termine und Tagesordnungen der Kreistagssitzungen.",
            owner_org=rat["id"],
            tags=[{"name": "Politik"}],
            resources=[{"url": "https://example.org/s.csv", "format": "CSV"}],
        ),
        "privat": factories.Dataset(
            name="interne-radwegeplanung",
            title="Interne Radwegeplanung",
            owner_org=geo["id"],
            private=True,
            tags=[{"name": "Verkehr"}],
        ),
    }
    yield datasets
    reset_index()


def _search(**params):
    return helpers.call_action("package_search", **params)


@pytest.mark.usefixtures("with_plugins")
class TestPackageSearch:
    def test_german_word_forms_find_the_dataset(self, portal):
        for q in ["Radweg", "Radwegen", "Kreistag", "Sitzung", "kreistagssitzungen"]:
            names = [d["name"] for d in _search(q=q)["results"]]
            assert names, q
        assert [d["name"] for d in _search(q="Oberfläche")["results"]] == [
            "radwegenetz"
        ]

    def test_private_datasets_stay_hidden_from_anonymous(self, portal):
        result = _search(q="Radwegeplanung", context={"ignore_auth": False})
        assert result["count"] == 0

    def test_facets_have_counts_and_titles(self, portal):
        result = _search(
            q="*:*",
            **{"facet.field": json.dumps(["organization", "tags", "res_format"])},
        )
        orgs = {
            i["name"]: (i["count"], i["display_name"])
            for i in result["search_facets"]["organization"]["items"]
        }
        assert orgs == {
            "fd-geoinformation": (1, "Geoinformation"),
            "kreistagsbuero": (1, "Kreistagsbüro"),
        }
        assert result["facets"]["res_format"] == {"GeoJSON": 1, "CSV": 1}

    def test_filter_and_sort(self, portal):
        result = _search(fq='tags:"Politik"', sort="title_string asc")
        assert [d["name"] for d in result["results"]] == ["kreistag-sitzungen"]
        everything = _search(sort="title_string desc", rows=1)
        assert everything["count"] == 2
        assert everything["results"][0]["title"] == "Sitzungen des Kreistages"

    def test_results_are_full_datasets(self, portal):
        result = _search(q="name:radwegenetz")["results"][0]
        assert result["organization"]["name"] == "fd-geoinformation"
        assert result["resources"][0]["format"] == "GeoJSON"

    @pytest.mark.ckan_config("ckan.plugins", "pg_search spatial_metadata spatial_query")
    @pytest.mark.ckan_config("ckanext.spatial.search_backend", "solr-bbox")
    @pytest.mark.ckan_config("ckan.search.solr_allowed_query_parsers", "frange")
    def test_bbox_search_of_ckanext_spatial(self, portal):
        # reindex with the spatial plugin loaded so the bbox gets indexed
        search.rebuild(quiet=True)
        inside = _search(extras={"ext_bbox": "11.9,51.3,12.3,51.6"})
        assert [d["name"] for d in inside["results"]] == ["radwegenetz"]
        outside = _search(extras={"ext_bbox": "13.0,52.0,13.5,52.5"})
        assert outside["count"] == 0


@pytest.mark.usefixtures("with_plugins")
class TestSearchApi:
    @pytest.mark.parametrize(
        ("params", "status"),
        [
            ({"q": "title:("}, 409),
            ({"q": "*:*", "sort": "title sideways"}, 400),
            ({"q": "*:*", "sort": "tags asc"}, 409),
            ({"q": "metadata_modified:[Q3/2024 TO *]"}, 409),
            # CKAN clamps rows to ckan.search.rows_max
            ({"q": "*:*", "rows": "100000"}, 200),
            ({"q": "x'); DROP TABLE package; /*"}, 200),
            # a doubled operator is a syntax error in Solr's dismax too
            ({"q": "x'); DROP TABLE package; --"}, 409),
            ({"fq": 'name:"a\\" OR 1=1 --"'}, 200),
        ],
    )
    def test_bad_input_is_a_clear_client_error(self, app, portal, params, status):
        response = app.get(
            tk.url_for("api.action", ver=3, logic_function="package_search"),
            query_string=params,
            status=status,
        )
        body = response.json
        if status != 200:
            assert body["success"] is False
            assert body["error"]["message"]
        # the index is intact
        assert _search()["count"] == 2

    def test_api_answers_like_solr(self, app, portal):
        response = app.get(
            "/api/3/action/package_search",
            query_string={"q": "Radwege", "facet.field": '["tags"]', "rows": 5},
        )
        result = response.json["result"]
        assert result["count"] == 1
        assert result["facets"]["tags"] == {"Radverkehr": 1, "Verkehr": 1}
        assert result["sort"] == "score desc, metadata_modified desc"


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_updates_and_deletes_reach_the_index():
    org = factories.Organization()
    dataset = factories.Dataset(title="Bodenrichtwerte 2024", owner_org=org["id"])
    assert _search(q="Bodenrichtwert")["count"] == 1
    helpers.call_action("package_patch", id=dataset["id"], title="Grundstückspreise")
    assert _search(q="Bodenrichtwert")["count"] == 0
    assert _search(q="Grundstückspreis")["count"] == 1
    helpers.call_action("package_delete", id=dataset["id"])
    assert _search(q="Grundstückspreis")["count"] == 0


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_search_index_commands(cli):
    from ckan.cli.cli import ckan

    org = factories.Organization()
    dataset = factories.Dataset(
        title="Wahlergebnisse Kreistagswahl", owner_org=org["id"]
    )
    search.clear_all()
    assert _search(q="Wahlergebnisse")["count"] == 0
    result = cli.invoke(ckan, ["search-index", "check"])
    assert "Packages not indexed = 1 out of 1" in result.output
    result = cli.invoke(ckan, ["search-index", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "Indexing dataset 1/1" in result.output
    assert _search(q="Wahlergebnisse")["count"] == 1
    result = cli.invoke(ckan, ["search-index", "show", dataset["name"]])
    assert result.exit_code == 0
    assert "Wahlergebnisse Kreistagswahl" in result.output
    result = cli.invoke(ckan, ["search-index", "clear"])
    assert result.exit_code == 0
    assert _search(q="Wahlergebnisse")["count"] == 0
