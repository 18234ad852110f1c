"""The roster as the matching reads it, kept in each process for as long as it does not change.

Ranking an activity reads every expert, their thematic areas, their languages at B2 or above and their
regions: 10,000 rows and some 50,000 links, 20 ms of SQL and decoding on every call, for data that
changes a few times a day. `snapshot()` keeps them, with what every ranking derives from them (the
countries of experience as sets, EU or not, the experts presorted by name), and reads them again only
when the roster changed.

"Changed" is told by PostgreSQL itself: statement triggers on the four roster tables (experts,
languages, thematic areas, regions) add a row to `experts_roster_change` (migration 0010), whatever
the door: a save, the admin, a bulk insert of the historical import, raw SQL. The row is written in
the writing transaction, so it becomes visible exactly when the new data does, and inserting never
waits on another transaction. The version is the number of rows and the highest id: a transaction
committing after a later-numbered one still changes the count, and a write rolled back leaves its id
unused, so the next write never looks like it.
"""

from dataclasses import dataclass

from django.db import connection

from experts.matching_criteria import MIN_LANGUAGE_RANK, stored_countries
from experts.models import LEVEL_RANK, Expert, ExpertLanguage
from mieux.models import EU_AND_UK

ROW_FIELDS = ("pk", "first_name", "last_name", "nationality", "gender", "employer", "countries_experience", "status")


@dataclass(frozen=True)
class Snapshot:
    rows: dict  # expert id -> the roster row (ROW_FIELDS), erased experts left out
    ordered: tuple  # (id, status, non-EU, gender, countries as a frozenset), by last name, first name, id
    area_bit: dict  # thematic area id -> its bit
    areas: dict  # expert id -> bit mask of their thematic areas
    language_bit: dict  # language code -> its bit
    languages: dict  # expert id -> bit mask of their languages at B2 or above
    regions: dict  # region id -> frozenset of the experts with experience there

    def area_mask(self, area_ids):
        mask = 0
        for area_id in area_ids:
            mask |= self.area_bit.get(area_id, 0)
        return mask

    def language_mask(self, codes):
        mask = 0
        for code in codes:
            mask |= self.language_bit.get(code, 0)
        return mask


_kept = {}  # database alias -> (version, Snapshot)


def version():
    """The roster's version on PostgreSQL, None elsewhere (nothing is kept then)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), max(id) FROM experts_roster_change")
        return tuple(cursor.fetchone())


def snapshot():
    current = version()
    if current is None:
        return _read()
    kept = _kept.get(connection.alias)
    if kept is not None and kept[0] == current:
        return kept[1]
    fresh = _read()
    _kept[connection.alias] = (current, fresh)
    return fresh


def _bit_of(bits, key):
    if key not in bits:
        bits[key] = 1 << len(bits)
    return bits[key]


def _read():
    rows = {row[0]: row for row in Expert.objects.filter(erased_at__isnull=True).order_by().values_list(*ROW_FIELDS)}
    ordered = tuple(
        (pk, status, str(nationality or "").upper() not in EU_AND_UK, gender or "",
         frozenset(stored_countries(countries)))
        for pk, _first, _last, nationality, gender, _employer, countries, status in sorted(
            rows.values(), key=lambda row: (row[2], row[1], row[0]))
    )
    area_bit, areas = {}, {}
    for expert_id, area_id in Expert.thematic_areas.through.objects.order_by().values_list("expert_id", "thematicarea_id"):
        areas[expert_id] = areas.get(expert_id, 0) | _bit_of(area_bit, area_id)
    language_bit, languages = {}, {}
    good_levels = [level for level, rank in LEVEL_RANK.items() if rank >= MIN_LANGUAGE_RANK]
    for expert_id, code in ExpertLanguage.objects.filter(level__in=good_levels).order_by().values_list("expert_id", "language"):
        languages[expert_id] = languages.get(expert_id, 0) | _bit_of(language_bit, code)
    regions = {}
    for expert_id, region_id in Expert.regions_experience.through.objects.order_by().values_list("expert_id", "region_id"):
        regions.setdefault(region_id, set()).add(expert_id)
    return Snapshot(rows=rows, ordered=ordered, area_bit=area_bit, areas=areas, language_bit=language_bit,
                    languages=languages, regions={k: frozenset(v) for k, v in regions.items()})
