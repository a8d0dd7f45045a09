"""Query parameters several routes share, as Annotated aliases."""

from __future__ import annotations

from typing import Annotated, get_args

from fastapi import Query

from rasad.api.schemas import ISO_DATE
from rasad.records import EntityType, PloverType

PLOVER_TYPES: tuple[str, ...] = get_args(PloverType)
ENTITY_TYPES: tuple[str, ...] = get_args(EntityType)

DateFrom = Annotated[str | None, Query(alias="from", pattern=ISO_DATE, description="On or after, YYYY-MM-DD.")]
DateTo = Annotated[str | None, Query(alias="to", pattern=ISO_DATE, description="On or before, YYYY-MM-DD.")]
Name = Annotated[str | None, Query(max_length=200, description="Persian or English name, alias or kb id.")]
Source = Annotated[str | None, Query(max_length=500, description="Only articles of this source.")]
EventTypeParam = Annotated[PloverType | None, Query(alias="type", description="PLOVER event type.")]
EntityTypeParam = Annotated[EntityType | None, Query(alias="type", description="Entity type.")]
EntityRef = Annotated[str, "An entity ref: its English name when known, else its Persian name."]
