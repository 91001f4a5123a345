"""Time zones from what exports actually hold: IANA names, or a country instead.

Zendesk's user `timezone` field often holds a country ("Sri Lanka") and RavenStack
writes `UK` for Great Britain. A country is mapped to its principal zone, the first one
the tz database's `zone.tab` lists for it (for a country with several zones that is its
most populous region, e.g. America/New_York for US), and the import reports that a
country stood where a zone belongs.
"""

from __future__ import annotations

import csv
import unicodedata
from functools import cache
from importlib import resources
from zoneinfo import available_timezones

import pycountry

# Names the ISO 3166 tables no longer carry or spell differently: historical names
# and the long-form variants common in older CRM exports.
COUNTRY_ALIASES = {
    "uk": "GB",
    "england": "GB",
    "france, metropolitan": "FR",
    "wallis and futuna islands": "WF",
    "svalbard and jan mayen islands": "SJ",
    "swaziland": "SZ",
    "reunion": "RE",
    "zaire": "CD",
    "heard and mcdonald islands": "HM",
    "cote d'ivoire (ivory coast)": "CI",
    "us minor outlying islands": "UM",
    "virgin islands (british)": "VG",
    "virgin islands (u.s.)": "VI",
    "turkey": "TR",
    "east timor": "TL",
}


def country_code(name: str) -> str | None:
    """ISO 3166 alpha-2 code of a country name or code, or None if unknown."""
    folded = _fold(name)
    if folded in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[folded]
    try:
        return pycountry.countries.lookup(name.strip()).alpha_2
    except LookupError:
        return None


def is_zone(name: str) -> bool:
    """True when `name` is an IANA time zone name this machine knows."""
    return name in _zones()


def zone_for_country(code: str) -> str | None:
    """The principal IANA zone of a country (alpha-2), or None (e.g. uninhabited)."""
    return _principal_zones().get(code.upper())


def _fold(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore")
    return ascii_name.decode().strip().lower()


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


@cache
def _principal_zones() -> dict[str, str]:
    table = resources.files("tzdata").joinpath("zoneinfo", "zone.tab")
    principal: dict[str, str] = {}
    with table.open(encoding="utf-8") as lines:
        for row in csv.reader(lines, delimiter="\t"):
            if row and not row[0].startswith("#"):
                principal.setdefault(row[0], row[2])
    return principal
