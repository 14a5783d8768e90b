#!/usr/bin/env bash
# Writes the settings of the development portal into a CKAN config file that
# `ckan generate config` created (it holds the random secrets; none are set
# here). Safe to run any number of times: every run sets the same values.
#
#   scripts/configure-portal.sh INI PORT
#
# The services are the private PostgreSQL and Redis of scripts/services.sh;
# e-mails go to the mail sink that scripts/run-portal.sh starts on PORT+2.
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 INI PORT" >&2
  exit 2
fi
INI=$1
PORT=$2
case "$PORT" in
  '' | *[!0-9]*) echo "PORT must be a number, not '$PORT'" >&2; exit 2 ;;
esac
[ -f "$INI" ] || { echo "$INI does not exist (ckan generate config)" >&2; exit 1; }

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CKAN="$ROOT/.venv/bin/ckan"
STORAGE="$ROOT/.local/storage"
mkdir -p "$STORAGE"

# Shown on the home page instead of CKAN's placeholder text (Markdown).
INTRO="**Willkommen im Open-Data-Portal des Landkreises Saalekreis und der Stadt \
Merseburg.** Hier finden Sie offene Daten der Verwaltung zu Haushalt, Bildung, \
Verkehr, Umwelt und Politik zur freien Weiterverwendung. \
*Entwicklungsumgebung mit erfundenen Beispieldaten.*"

# pg_search answers CKAN's search from PostgreSQL, so solr_url is never used.
# oparl_harvester comes before harvest: its templates (settings help, run
# report) override ckanext-harvest's; the harvest queues use the Redis above.
# outbound (the policy for every fetch) allows of the internal addresses
# exactly the demo council information system (PORT+1).
# No resource view plugins are enabled yet, hence no default views.
"$CKAN" config-tool "$INI" \
  "sqlalchemy.url = postgresql://ckan_default:pass@127.0.0.1:54329/ckan" \
  "ckan.redis.url = redis://127.0.0.1:63799/0" \
  "ckan.site_url = http://127.0.0.1:$PORT" \
  "ckan.devserver.host = 127.0.0.1" \
  "ckan.devserver.port = $PORT" \
  "ckan.site_id = saalekreis-dev" \
  "ckan.site_title = Offene Daten Saalekreis" \
  "ckan.site_description = Offene Verwaltungsdaten aus dem Saalekreis" \
  "ckan.site_intro_text = $INTRO" \
  "ckan.plugins = outbound portal_security pg_search activity oparl_harvester harvest dcat scheming_datasets scheming_organizations dcat_ap_de privacy_clearance" \
  "ckanext.outbound.allow = 127.0.0.1:$((PORT + 1))" \
  "ckan.harvest.mq.type = redis" \
  "ckanext.dcat.rdf.profiles = euro_dcat_ap_3 dcat_ap_de" \
  "ckanext.dcat_ap_de.contributor_id = http://dcat-ap.de/def/contributors/landSachsenAnhalt" \
  "ckanext.dcat_ap_de.political_geocoding_level = http://dcat-ap.de/def/politicalGeocoding/Level/administrativeDistrict" \
  "ckanext.dcat_ap_de.political_geocoding = http://dcat-ap.de/def/politicalGeocoding/districtKey/15088" \
  "ckanext.dcat_ap_de.catalog.publisher_name = Landkreis Saalekreis" \
  "ckanext.dcat_ap_de.catalog.publisher_email = opendata@saalekreis.example" \
  "ckanext.dcat_ap_de.catalog.publisher_homepage = https://www.saalekreis.de" \
  "ckan.storage_path = $STORAGE" \
  "ckanext.privacy_clearance.anchor_file = $ROOT/.local/anchors/protokoll-anker.jsonl" \
  "smtp.server = 127.0.0.1:$((PORT + 2))" \
  "smtp.starttls = false" \
  "smtp.mail_from = opendata@saalekreis.example" \
  "ckan.locale_default = de" \
  "ckan.locale_order = de en" \
  "ckan.locales_offered = de en" \
  "ckan.display_timezone = Europe/Berlin" \
  "ckan.views.default_views = " \
  "solr_url = http://127.0.0.1:8983/solr/ckan" \
  "ckan.search.solr_allowed_query_parsers = frange" \
  "ckanext.pg_search.text_search_config = german" \
  >/dev/null

# The conformance check reads the official shapes; beside the checkout the
# shared reference copy is used, otherwise `ckan dcat-ap-de fetch-shapes`
# downloads them into the storage folder (the default place).
SHARED_DCAT="$(cd "$(dirname "$0")/.." && pwd)/../shared/dcat-ap-de"
if [ -d "$SHARED_DCAT" ]; then
  SHARED_DCAT=$(cd "$SHARED_DCAT" && pwd)
  "$CKAN" config-tool "$INI" \
    "ckanext.dcat_ap_de.shapes_dir = $SHARED_DCAT/shapes-3.0" \
    "ckanext.dcat_ap_de.quality_shapes_dir = $SHARED_DCAT/shapes-govdata-mqa" \
    "ckanext.dcat_ap_de.vocabularies_dirs = $SHARED_DCAT/vocabularies $SHARED_DCAT/ontologies" \
    >/dev/null
fi

# The other sections in one go: debug off; logging at WARNING, the messages of
# the extensions and the request log of the development server at INFO.
OTHER=$(mktemp)
trap 'rm -f "$OTHER"' EXIT
cat >"$OTHER" <<'INI'
[DEFAULT]
debug = false
[logger_root]
level = WARNING
[logger_ckan]
level = WARNING
[logger_ckanext]
level = INFO
[logger_werkzeug]
level = INFO
INI
"$CKAN" config-tool "$INI" -f "$OTHER" >/dev/null
