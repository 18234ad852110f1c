"""One stage of writing a validated portfolio: compare each row with the database, then create or
update in bulk, with events and history.

Unchanged rows are not written at all (no event, no history row), so a second import of the same
folder writes nothing.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_countries.fields import Country

from reporting.portfolio.report import FileCounts

BATCH = 500
CREATED_REASON = "imported"
UPDATED_REASON = "updated by import"
CREATED_TRANSITION = "imported"
UPDATED_TRANSITION = "import_updated"
BOOKKEEPING = {"updated_at", "sequence"}  # bumped on every change; not worth naming in the event


def noon(day):
    """A historical date as an aware datetime: noon in the facility's time zone."""
    if day is None:
        return None
    tz = timezone.get_default_timezone() if settings.USE_TZ else None
    moment = datetime.datetime.combine(day, datetime.time(12, 0))
    return timezone.make_aware(moment, tz) if tz else moment


def current(obj, name):
    """A field's value in a comparable form (country codes instead of Country objects)."""
    value = getattr(obj, name)
    if isinstance(value, Country):
        return value.code or ""
    if isinstance(value, list | tuple) or type(value).__name__ == "MultipleCountriesDescriptor":
        return tuple(sorted(v.code if isinstance(v, Country) else v for v in value))
    return value


@dataclass
class Change:
    obj: models.Model
    record: object
    fields: list = field(default_factory=list)
    m2m: dict = field(default_factory=dict)  # m2m field name -> set of ids, when it changed
    old_status: str = ""


class Stage:
    """Create or update one model from one file's records."""

    model = None
    event_model = None
    event_fk = None
    m2m_fields = ()  # names of the ManyToMany fields the file sets

    def __init__(self, writer, name, records, existing):
        self.writer, self.name, self.records, self.existing = writer, name, records, existing
        self.counts = FileCounts()

    # To override -------------------------------------------------------------------------------
    def key(self, record):
        raise NotImplementedError

    def desired(self, record, obj):
        """{attname: value} the row asks for; `obj` is the existing row or None."""
        raise NotImplementedError

    def desired_m2m(self, record):
        return {}

    def on_create(self, obj, record):
        """Extra values for a new row only."""

    def on_update(self, obj):
        """Bookkeeping fields to bump on a changed row; returns their names."""
        return []

    def skip(self, record, obj):
        return False

    def event_kwargs(self, obj):
        return {}

    # The work ----------------------------------------------------------------------------------
    def current_m2m(self, objs):
        found = {(name, obj.pk): set() for obj in objs for name in self.m2m_fields}
        for name in self.m2m_fields:
            through = self.model._meta.get_field(name).remote_field.through
            source, target = self.through_columns(name)
            ids = [obj.pk for obj in objs]
            for part_start in range(0, len(ids), 900):
                part = ids[part_start : part_start + 900]
                for owner, other in through.objects.filter(**{f"{source}__in": part}).values_list(source, target):
                    found[(name, owner)].add(other)
        return found

    def through_columns(self, name):
        field_ = self.model._meta.get_field(name)
        return field_.m2m_column_name(), field_.m2m_reverse_name()

    def plan(self):
        existing_objs = [self.existing[self.key(r)] for r in self.records if self.key(r) in self.existing]
        current_m2m = self.current_m2m(existing_objs)
        created, updated, objects = [], [], {}
        for record in self.records:
            obj = self.existing.get(self.key(record))
            if obj is not None and self.skip(record, obj):
                self.counts.unchanged += 1
                objects[self.key(record)] = obj
                continue
            values = self.desired(record, obj)
            m2m = self.desired_m2m(record)
            if obj is None:
                obj = self.model(**values)
                self.on_create(obj, record)
                created.append(Change(obj, record, m2m=m2m))
                self.counts.created += 1
            else:
                changed = [name for name, value in values.items() if current(obj, name) != value]
                m2m_changed = {n: ids for n, ids in m2m.items() if current_m2m[(n, obj.pk)] != ids}
                if changed or m2m_changed:
                    change = Change(obj, record, changed, m2m_changed, old_status=getattr(obj, "status", ""))
                    for name in changed:
                        setattr(obj, name, values[name])
                    change.fields += self.on_update(obj)
                    updated.append(change)
                    self.counts.updated += 1
                else:
                    self.counts.unchanged += 1
            objects[self.key(record)] = obj
        return created, updated, objects

    def write(self):
        created, updated, objects = self.plan()
        w = self.writer
        if created:
            objs = self.model.objects.bulk_create([c.obj for c in created], batch_size=BATCH)
            if any(obj.pk is None for obj in objs):  # pragma: no cover - every supported database returns ids
                raise RuntimeError("the database did not return the new rows' ids")
            self.write_m2m(created, replace=False)
            self.write_history(created, update=False)
            self.write_events(created, CREATED_TRANSITION)
        if updated:
            fields = sorted({name for change in updated for name in change.fields})
            if fields:
                self.model.objects.bulk_update([c.obj for c in updated if c.fields], fields, batch_size=BATCH)
            self.write_m2m([c for c in updated if c.m2m], replace=True)
            self.write_history(updated, update=True)
            self.write_events(updated, UPDATED_TRANSITION)
        if self.name in w.report.files:
            w.report.counts[self.name] = self.counts
        return objects

    def write_m2m(self, changes, replace):
        for name in self.m2m_fields:
            through = self.model._meta.get_field(name).remote_field.through
            source, target = self.through_columns(name)
            todo = [c for c in changes if name in c.m2m]
            if replace and todo:
                ids = [c.obj.pk for c in todo]
                for start in range(0, len(ids), 900):
                    through.objects.filter(**{f"{source}__in": ids[start : start + 900]}).delete()
            rows = [through(**{source: c.obj.pk, target: other}) for c in todo for other in sorted(c.m2m[name])]
            through.objects.bulk_create(rows, batch_size=BATCH)

    def write_history(self, changes, update):
        manager = getattr(self.model, "history", None)
        if manager is None:
            return
        objs = [c.obj for c in changes]
        rows = manager.bulk_history_create(
            objs, batch_size=BATCH, update=update, default_user=self.writer.actor,
            default_change_reason=UPDATED_REASON if update else CREATED_REASON, default_date=self.writer.now,
        )
        self.write_m2m_history(rows)

    def write_m2m_history(self, history_rows):
        """Snapshot the ManyToMany fields simple-history tracks, as its own save() would."""
        history_model = self.model.history.model
        tracked = getattr(history_model, "_history_m2m_fields", [])
        if not tracked or not history_rows or any(row.pk is None for row in history_rows):
            return
        by_object = {getattr(row, self.model._meta.pk.attname): row for row in history_rows}
        for field_ in tracked:
            m2m_history_model = getattr(history_model, field_.name).model
            through = field_.remote_field.through
            source, target = field_.m2m_column_name(), field_.m2m_reverse_name()
            ids = list(by_object)
            rows = []
            for start in range(0, len(ids), 900):
                for row_id, owner, other in through.objects.filter(
                    **{f"{source}__in": ids[start : start + 900]}
                ).values_list("id", source, target):
                    rows.append(m2m_history_model(history=by_object[owner], id=row_id, **{source: owner, target: other}))
            m2m_history_model.objects.bulk_create(rows, batch_size=BATCH)

    def write_events(self, changes, transition):
        if self.event_model is None:
            return
        events = []
        for change in changes:
            data = {"file": self.name, "line": change.record.line}
            if transition == UPDATED_TRANSITION:
                data["changed"] = sorted((set(change.fields) | set(change.m2m)) - BOOKKEEPING)
            status = getattr(change.obj, "status", "")
            events.append(self.event_model(
                **{self.event_fk: change.obj},
                actor=self.writer.actor,
                transition=transition,
                from_status=change.old_status if transition == UPDATED_TRANSITION else "",
                to_status=status,
                note=f"{self.name}, line {change.record.line}",
                data=data,
                created_at=self.writer.now,
                **self.event_kwargs(change.obj),
            ))
        self.event_model.objects.bulk_create(events, batch_size=BATCH)
