"""OParl objects of a fictional council information system, as the client
yields them (normalised): the "Landkreis Musterkreis" speaks OParl 1.1, its
older neighbour "Gemeinde Beispielstadt" OParl 1.0. All names are invented.

Functions return fresh copies, so a test may change what it gets.
"""

from __future__ import annotations

from typing import Any

RIS = "https://ris.musterkreis.example/oparl/v1.1"
OLD = "https://ratsinfo.beispielstadt.example/oparl/v1.0"
S11 = "https://schema.oparl.org/1.1/"
S10 = "https://schema.oparl.org/1.0/"
DL_BY = "https://www.govdata.de/dl-de/by-2-0"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
CC0 = "https://creativecommons.org/publicdomain/zero/1.0/deed.de"

Obj = dict[str, Any]


def system_11() -> Obj:
    return {
        "id": f"{RIS}/system",
        "type": S11 + "System",
        "oparlVersion": "https://schema.oparl.org/1.1/",
        "otherOparlVersions": [],
        "license": DL_BY,
        "body": f"{RIS}/bodies",
        "name": "Ratsinformationssystem Landkreis Musterkreis",
        "contactEmail": "ris@musterkreis.example",
        "contactName": "Erika Beispiel",
        "website": "https://ris.musterkreis.example/",
        "vendor": "https://ris-hersteller.example/",
        "product": "https://ris-hersteller.example/produkt",
        "created": "2019-01-10T09:00:00+01:00",
        "modified": "2025-02-01T08:00:00+01:00",
    }


def legislative_terms_11() -> list[Obj]:
    return [
        {
            "id": f"{RIS}/legislativeterm/7",
            "type": S11 + "LegislativeTerm",
            "body": f"{RIS}/body/1",
            "name": "Wahlperiode 2019–2024",
            "startDate": "2019-07-01",
            "endDate": "2024-06-30",
        },
        {
            "id": f"{RIS}/legislativeterm/8",
            "type": S11 + "LegislativeTerm",
            "body": f"{RIS}/body/1",
            "name": "Wahlperiode 2024–2029",
            "startDate": "2024-07-01",
            "endDate": "2029-06-30",
        },
    ]


def body_11() -> Obj:
    return {
        "id": f"{RIS}/body/1",
        "type": S11 + "Body",
        "system": f"{RIS}/system",
        "shortName": "Musterkreis",
        "name": "Landkreis Musterkreis",
        "website": "https://www.musterkreis.example/",
        "license": DL_BY,
        "licenseValidSince": "2019-01-01T00:00:00+01:00",
        "oparlSince": "2019-03-01T00:00:00+01:00",
        "ags": "15088000",
        "contactEmail": "kreistag@musterkreis.example",
        "contactName": "Max Mustermann",
        "organization": f"{RIS}/body/1/organizations",
        "person": f"{RIS}/body/1/persons",
        "meeting": f"{RIS}/body/1/meetings",
        "paper": f"{RIS}/body/1/papers",
        "legislativeTerm": legislative_terms_11(),
        "agendaItem": f"{RIS}/body/1/agendaitems",
        "consultation": f"{RIS}/body/1/consultations",
        "file": f"{RIS}/body/1/files",
        "locationList": f"{RIS}/body/1/locations",
        "legislativeTermList": f"{RIS}/body/1/legislativeterms",
        "membership": f"{RIS}/body/1/memberships",
        "classification": "Landkreis",
        "keyword": ["Kreistag"],
        "web": "https://ris.musterkreis.example/gremien",
        "created": "2019-03-01T00:00:00+01:00",
        "modified": "2025-01-15T12:00:00+01:00",
    }


def organization_kreistag() -> Obj:
    return {
        "id": f"{RIS}/organization/1",
        "type": S11 + "Organization",
        "body": f"{RIS}/body/1",
        "name": "Kreistag",
        "shortName": "KT",
        "membership": [f"{RIS}/membership/11", f"{RIS}/membership/12"],
        "meeting": f"{RIS}/organization/1/meetings",
        "post": ["Vorsitz", "Mitglied"],
        "organizationType": "Gremium",
        "classification": "Kreistag",
        "startDate": "1994-07-01",
        "website": "https://www.musterkreis.example/kreistag",
        "license": DL_BY,
        "web": "https://ris.musterkreis.example/gremium/1",
        "created": "2019-03-01T00:00:00+01:00",
        "modified": "2024-07-02T10:00:00+02:00",
    }


def organization_ausschuss() -> Obj:
    return {
        "id": f"{RIS}/organization/2",
        "type": S11 + "Organization",
        "body": f"{RIS}/body/1",
        "name": "Ausschuss für Umwelt und Verkehr",
        "shortName": "UVA",
        "subOrganizationOf": f"{RIS}/organization/1",
        "organizationType": "Gremium",
        "classification": "Ausschuss",
        "startDate": "2019-07-01",
        "endDate": "2024-06-30",
        "location": {
            "id": f"{RIS}/location/9",
            "type": S11 + "Location",
            "description": "Kreishaus, Saal 2",
            "streetAddress": "Kreisstraße 1",
            "postalCode": "06000",
            "locality": "Musterstadt",
        },
        "modified": "2024-07-02T10:00:00+02:00",
    }


def membership_11() -> Obj:
    return {
        "id": f"{RIS}/membership/11",
        "type": S11 + "Membership",
        "person": f"{RIS}/person/5",
        "organization": f"{RIS}/organization/1",
        "role": "Mitglied",
        "votingRight": True,
        "startDate": "2024-07-01",
        "onBehalfOf": f"{RIS}/organization/30",
    }


def person_11() -> Obj:
    return {
        "id": f"{RIS}/person/5",
        "type": S11 + "Person",
        "body": f"{RIS}/body/1",
        "name": "Dr. Friederike Probe",
        "familyName": "Probe",
        "givenName": "Friederike",
        "formOfAddress": "Frau",
        "title": ["Dr."],
        "gender": "female",
        "phone": ["+49 3400 12345"],
        "email": ["f.probe@privat.example"],
        "location": f"{RIS}/location/77",
        "locationObject": {
            "id": f"{RIS}/location/77",
            "type": S11 + "Location",
            "streetAddress": "Lindenweg 3",
            "postalCode": "06001",
            "locality": "Musterdorf",
            "persons": [f"{RIS}/person/5"],
        },
        "status": ["Kreistagsmitglied"],
        "membership": [
            membership_11(),
            {
                "id": f"{RIS}/membership/12",
                "type": S11 + "Membership",
                "person": f"{RIS}/person/5",
                "organization": f"{RIS}/organization/2",
                "role": "Vorsitz",
                "votingRight": True,
                "startDate": "2019-07-01",
                "endDate": "2024-06-30",
            },
        ],
        "image": {
            "id": f"{RIS}/file/500",
            "type": S11 + "File",
            "name": "Porträt",
            "accessUrl": f"{RIS}/file/500/download",
        },
        "life": "Geboren 1970 in Musterdorf, Tierärztin.",
        "lifeSource": "Selbstauskunft",
        "modified": "2024-08-01T09:00:00+02:00",
    }


def _file(number: int, name: str, **extra: Any) -> Obj:
    return {
        "id": f"{RIS}/file/{number}",
        "type": S11 + "File",
        "name": name,
        "fileName": name.replace(" ", "_") + ".pdf",
        "mimeType": "application/pdf",
        "accessUrl": f"{RIS}/file/{number}/view",
        "downloadUrl": f"{RIS}/file/{number}/download",
        **extra,
    }


def meeting_11() -> Obj:
    """A Kreistag meeting: a public, a non-public and an unmarked item, a
    participant list and an attendance list among the files."""
    return {
        "id": f"{RIS}/meeting/100",
        "type": S11 + "Meeting",
        "name": "12. Sitzung des Kreistages",
        "meetingState": "durchgeführt",
        "cancelled": False,
        "start": "2024-03-14T17:00:00+01:00",
        "end": "2024-03-14T20:30:00+01:00",
        "location": {
            "id": f"{RIS}/location/9",
            "type": S11 + "Location",
            "description": "Kreishaus, Saal 2",
            "streetAddress": "Kreisstraße 1",
            "postalCode": "06000",
            "locality": "Musterstadt",
        },
        "organization": [f"{RIS}/organization/1"],
        "participant": [f"{RIS}/person/5", f"{RIS}/person/6"],
        "invitation": _file(201, "Einladung 12. Sitzung", date="2024-03-01"),
        "resultsProtocol": _file(202, "Niederschrift 12. Sitzung", date="2024-04-02"),
        "auxiliaryFile": [
            _file(203, "Anwesenheitsliste 12. Sitzung"),
            _file(204, "Präsentation Haushalt 2024", text="Folie 1: Haushalt …"),
        ],
        "agendaItem": [
            {
                "id": f"{RIS}/agendaitem/1001",
                "type": S11 + "AgendaItem",
                "meeting": f"{RIS}/meeting/100",
                "number": "1",
                "order": 1,
                "name": "Eröffnung und Feststellung der Beschlussfähigkeit",
                "public": True,
            },
            {
                "id": f"{RIS}/agendaitem/1002",
                "type": S11 + "AgendaItem",
                "meeting": f"{RIS}/meeting/100",
                "number": "2",
                "order": 2,
                "name": "Haushaltssatzung 2024",
                "public": True,
                "consultation": f"{RIS}/consultation/3001",
                "result": "einstimmig beschlossen",
                "resolutionText": "Der Kreistag beschließt die Haushaltssatzung.",
                "resolutionFile": _file(205, "Beschluss Haushaltssatzung"),
            },
            {
                "id": f"{RIS}/agendaitem/1003",
                "type": S11 + "AgendaItem",
                "meeting": f"{RIS}/meeting/100",
                "number": "3",
                "order": 3,
                "name": "Personalangelegenheit",
                "public": False,
                "auxiliaryFile": [_file(206, "Vermerk Personalsache")],
            },
            {
                "id": f"{RIS}/agendaitem/1004",
                "type": S11 + "AgendaItem",
                "meeting": f"{RIS}/meeting/100",
                "number": "4",
                "order": 4,
                "name": "Anfragen und Mitteilungen",
            },
        ],
        "license": DL_BY,
        "keyword": ["Haushalt"],
        "web": "https://ris.musterkreis.example/sitzung/100",
        "created": "2024-02-20T08:00:00+01:00",
        "modified": "2024-04-02T11:00:00+02:00",
    }


def paper_11() -> Obj:
    return {
        "id": f"{RIS}/paper/2001",
        "type": S11 + "Paper",
        "body": f"{RIS}/body/1",
        "name": "Haushaltssatzung des Landkreises für das Jahr 2024",
        "reference": "BV/2024/017",
        "date": "2024-02-12",
        "paperType": "Beschlussvorlage",
        "relatedPaper": [f"{RIS}/paper/1999"],
        "mainFile": _file(301, "Beschlussvorlage BV 2024 017", date="2024-02-12"),
        "auxiliaryFile": [
            _file(302, "Anlage 1 Haushaltsplan"),
            _file(303, "Unterschriftenliste Einwohnerantrag"),
        ],
        "location": [
            {
                "id": f"{RIS}/location/40",
                "type": S11 + "Location",
                "description": "Kreisgebiet",
                "geojson": {"type": "Point", "coordinates": [11.9, 51.4]},
            }
        ],
        "originatorPerson": [f"{RIS}/person/5"],
        "underDirectionOf": [f"{RIS}/organization/50"],
        "originatorOrganization": [f"{RIS}/organization/50"],
        "consultation": [
            {
                "id": f"{RIS}/consultation/3000",
                "type": S11 + "Consultation",
                "paper": f"{RIS}/paper/2001",
                "meeting": f"{RIS}/meeting/99",
                "organization": [f"{RIS}/organization/2"],
                "authoritative": False,
                "role": "Vorberatung",
            },
            {
                "id": f"{RIS}/consultation/3001",
                "type": S11 + "Consultation",
                "paper": f"{RIS}/paper/2001",
                "agendaItem": f"{RIS}/agendaitem/1002",
                "meeting": f"{RIS}/meeting/100",
                "organization": [f"{RIS}/organization/1"],
                "authoritative": True,
                "role": "Entscheidung",
            },
        ],
        "license": CC_BY,
        "keyword": ["Haushalt", "Finanzen"],
        "web": "https://ris.musterkreis.example/vorlage/2001",
        "created": "2024-02-12T10:00:00+01:00",
        "modified": "2024-03-15T09:00:00+01:00",
    }


def file_11() -> Obj:
    return _file(
        301,
        "Beschlussvorlage BV 2024 017",
        date="2024-02-12",
        size=48213,
        sha512Checksum="ab" * 64,
        text="Der Kreistag möge beschließen …",
        paper=[f"{RIS}/paper/2001"],
        fileLicense=CC_BY,
        modified="2024-02-12T10:05:00+01:00",
    )


def location_11() -> Obj:
    return {
        "id": f"{RIS}/location/9",
        "type": S11 + "Location",
        "description": "Kreishaus, Saal 2",
        "streetAddress": "Kreisstraße 1",
        "postalCode": "06000",
        "locality": "Musterstadt",
        "persons": [f"{RIS}/person/5"],
        "meetings": [f"{RIS}/meeting/100"],
    }


def consultation_11() -> Obj:
    return paper_11()["consultation"][1]


def names_11() -> dict[str, str]:
    """Names of referenced organisations, as the harvester collects them."""
    return {
        f"{RIS}/organization/1": "Kreistag",
        f"{RIS}/organization/2": "Ausschuss für Umwelt und Verkehr",
        f"{RIS}/organization/30": "Fraktion Musterliste",
        f"{RIS}/organization/50": "Amt für Finanzen",
    }


# -- OParl 1.0: Gemeinde Beispielstadt ---------------------------------------


def system_10() -> Obj:
    return {
        "id": f"{OLD}/system",
        "type": S10 + "System",
        "oparlVersion": "https://schema.oparl.org/1.0/",
        "body": f"{OLD}/bodies",
        "name": "Ratsinfo Beispielstadt",
        "website": "https://ratsinfo.beispielstadt.example/",
        "license": CC0,
    }


def body_10() -> Obj:
    return {
        "id": f"{OLD}/body/0001",
        "type": S10 + "Body",
        "system": f"{OLD}/system",
        "name": "Gemeinde Beispielstadt",
        "organization": f"{OLD}/body/0001/organization",
        "person": f"{OLD}/body/0001/person",
        "meeting": f"{OLD}/body/0001/meeting",
        "paper": f"{OLD}/body/0001/paper",
        "legislativeTerm": [
            {
                "id": f"{OLD}/legislativeterm/3",
                "type": S10 + "LegislativeTerm",
                "name": "Wahlperiode 2019 bis 2024",
                "startDate": "2019-06-01",
                "endDate": "2024-05-31",
            }
        ],
        # a server without offsets (against the specification): local time
        "created": "2016-05-01T00:00:00",
        "modified": "2024-11-30T16:00:00",
    }


def meeting_10() -> Obj:
    return {
        "id": f"{OLD}/meeting/55",
        "type": S10 + "Meeting",
        "name": "Gemeinderat",
        "start": "2023-11-23T18:00:00",
        "organization": [f"{OLD}/organization/1"],
        "agendaItem": [
            {
                # embedded without `type` (seen in the wild)
                "id": f"{OLD}/agendaitem/550",
                "meeting": f"{OLD}/meeting/55",
                "number": "Ö 1",
                "name": "Bebauungsplan Nr. 12 „Am Anger“",
                "public": True,
            },
            {
                "id": f"{OLD}/agendaitem/551",
                "type": S10 + "AgendaItem",
                "number": "N 1",
                "name": "Grundstücksangelegenheit",
                "public": False,
            },
        ],
        "license": CC0,
        "modified": "2023-12-01T10:00:00+01:00",
        "_synthetic_modified": False,
    }


def paper_10() -> Obj:
    return {
        "id": f"{OLD}/paper/77",
        "type": S10 + "Paper",
        "body": f"{OLD}/body/0001",
        "name": '=HYPERLINK("https://boese.example")',
        "reference": "2023/077",
        "date": "2023-10-05",
        "paperType": "Antrag",
        "mainFile": f"{OLD}/file/770",  # a reference where 1.1 embeds
        "originatorOrganization": [f"{OLD}/organization/9"],
        "modified": "2025-06-01T03:00:00+02:00",
        "_synthetic_modified": True,
    }
