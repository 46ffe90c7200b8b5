"""Every read and write the showroom makes, one small function each.

The app writes `products` and `products_by_category_manual`; Cassandra writes the two views.
None of these scans a table or uses ALLOW FILTERING: every listing is one partition of a view
or of the hand-made table, read a page at a time with the paging state.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import NoReturn
from uuid import UUID

from cassandra import InvalidRequest
from coodie.aio import AsyncBatchQuery
from coodie.exceptions import DocumentNotFound, InvalidQueryError

from .kit import cql_log, paging
from .models import VIEWS, Product, ProductByBrand, ProductByCategory, ProductByCategoryManual, utcnow
from .schemas import ProductIn

PAGE_SIZE = 20
# The cursor of a side of the comparison that has shown its last page while the other goes on.
END = "end"
VIEW_NAMES = {view.table_name(): view for view in VIEWS}
VIEW_KEYS = {ProductByCategory: ("category", "id"), ProductByBrand: ("brand", "id")}


class ViewIsReadOnly(Exception):
    """A write to a materialized view, refused (405): `refusals` says who refused it, and how."""

    def __init__(self, view: str, refusals: list[str]):
        super().__init__(
            f"{view} is a materialized view: Cassandra writes it from products, nobody else may. "
            "Write to products instead (the view follows)."
        )
        self.view, self.refusals = view, refusals


# ---------------------------------------------------------------- reads
async def get_product(product_id: UUID) -> Product:
    """Q1. Raises DocumentNotFound."""
    return await Product.get(id=product_id)


async def by_category(category: str, cursor: str | None = None, size: int = PAGE_SIZE) -> paging.Page:
    """Q2: one page of a category's partition in the view products_by_category."""
    return await paging.fetch_page(ProductByCategory.find(category=category), size, cursor)


async def by_category_manual(category: str, cursor: str | None = None, size: int = PAGE_SIZE) -> paging.Page:
    """Q2m: the same page from the hand-made table products_by_category_manual."""
    return await paging.fetch_page(ProductByCategoryManual.find(category=category), size, cursor)


async def by_brand(brand: str, cursor: str | None = None, size: int = PAGE_SIZE) -> paging.Page:
    """Q3: one page of a brand's partition in the view products_by_brand."""
    return await paging.fetch_page(ProductByBrand.find(brand=brand), size, cursor)


@dataclass
class Answer:
    """One table's answer to a question: its rows, the next page's cursor, and the CQL it took."""

    table: str
    items: list
    cursor: str | None
    statements: cql_log.QueryLog


@contextmanager
def _own_log() -> Iterator[cql_log.QueryLog]:
    """The statements sent inside the block, on their own (for one side of the comparison),
    and in the request's log as well (the page's CQL panel lists everything)."""
    outer = cql_log.current()
    with cql_log.capture() as log:
        yield log
    outer.extend(log)


async def category_both_ways(
    category: str, view_cursor: str | None = None, manual_cursor: str | None = None, size: int = PAGE_SIZE
) -> tuple[Answer, Answer]:
    """Q2 and Q2m side by side: the view's answer and the hand-made table's, each with its CQL.
    A side whose cursor is END has no more pages (the other may: they can disagree)."""
    answers = []
    for read, table, cursor in (
        (by_category, ProductByCategory.table_name(), view_cursor),
        (by_category_manual, ProductByCategoryManual.table_name(), manual_cursor),
    ):
        with _own_log() as log:
            page = paging.Page([], None) if cursor == END else await read(category, cursor, size)
        answers.append(Answer(table, page.items, page.cursor, log))
    return answers[0], answers[1]


@dataclass
class Placement:
    """Whether one row of a view (or of the hand-made table) is there, at one key."""

    table: str
    key: str
    found: bool


async def placements(product_id: UUID, categories: list[str], brands: list[str]) -> list[Placement]:
    """Where a product's rows are: one single-row read per table and key (the product page shows
    its current keys, and the ones it had before an edit, to watch a row move)."""
    found = []
    for category in dict.fromkeys(categories):
        for model in (ProductByCategory, ProductByCategoryManual):
            row = await model.find(category=category, id=product_id).first()
            found.append(Placement(model.table_name(), f"category = {category!r}", row is not None))
    for brand in dict.fromkeys(brands):
        row = await ProductByBrand.find(brand=brand, id=product_id).first()
        found.append(Placement(ProductByBrand.table_name(), f"brand = {brand!r}", row is not None))
    return found


# ---------------------------------------------------------------- writes
def _manual_row(product: Product) -> ProductByCategoryManual:
    # A row read back is not validated: a column never written would be None.
    return ProductByCategoryManual(**{**product.model_dump(), "description": product.description or ""})


async def put_product(product: Product) -> Product | None:
    """Write a product, new or changed, and its hand-made row; return the row it replaced.

    What Cassandra does for the views, done by hand for products_by_category_manual: read the
    row as it was (its category), then one LOGGED batch (see `_write`)."""
    before = await Product.find_one(id=product.id)
    await _write(product, before)
    return before


async def _write(product: Product, before: Product | None) -> None:
    """One LOGGED batch: the base row, the new hand-made row, and, when the category changed,
    the delete of the old one. Logged: the batch log replays it if the coordinator dies half-way,
    so the two tables never disagree for good. (Two edits of one product at the same moment can
    still leave a stale row: both read the old category before either writes. The view does its
    read under a lock on the base replica.)"""
    async with AsyncBatchQuery(logged=True) as batch:
        await product.save(batch=batch)
        await _manual_row(product).save(batch=batch)
        if before is not None and before.category != product.category:
            await _manual_row(before).delete(batch=batch)


async def create_product(data: ProductIn) -> Product:
    """A new id (uuid4) replaces nothing: the batch, without the read."""
    product = Product(**data.model_dump())
    await _write(product, None)
    return product


async def update_product(product_id: UUID, data: ProductIn) -> tuple[Product, Product]:
    """The product as it is now, and as it was (Q1, then the batch). Raises DocumentNotFound.
    (An edit that races a delete writes the product again: every Cassandra write is an upsert.)"""
    before = await get_product(product_id)
    product = Product(id=product_id, **data.model_dump(), updated_at=utcnow())
    await _write(product, before)
    return product, before


async def delete_product(product_id: UUID) -> Product:
    """One LOGGED batch: the base row and its hand-made row. The views drop theirs on their own.
    Returns the row deleted; raises DocumentNotFound."""
    product = await get_product(product_id)
    async with AsyncBatchQuery(logged=True) as batch:
        await product.delete(batch=batch)
        await _manual_row(product).delete(batch=batch)
    return product


async def write_to_view(view_name: str, product_id: UUID) -> NoReturn:
    """Try to write a product's row into a view, the two ways a program might: always raises.

    coodie refuses save() on a MaterializedView before sending anything; a DELETE built from a
    query (which coodie does not guard) reaches Cassandra, which refuses it. Raises
    ViewIsReadOnly with both answers, DocumentNotFound for an unknown view or product."""
    view = VIEW_NAMES.get(view_name)
    if view is None:
        raise DocumentNotFound(f"no view named {view_name!r}")
    product = await get_product(product_id)
    row = view(**product.model_dump())
    refusals = []
    try:
        await row.save()
    except InvalidQueryError as exc:
        refusals.append(f"coodie, before sending anything: {exc}")
    key = {name: getattr(product, name) for name in VIEW_KEYS[view]}
    try:
        await view.find(**key).delete()
    except InvalidRequest as exc:
        refusals.append(f"Cassandra, to DELETE FROM {view_name}: {_server_message(exc)}")
    raise ViewIsReadOnly(view_name, refusals)


def _server_message(exc: InvalidRequest) -> str:
    """The server's own words, without the driver's 'Error from server: code=2200 ...' wrapping."""
    match = re.search(r'message="(.*)"', str(exc))
    return match[1] if match else str(exc)


__all__ = ["DocumentNotFound", "ViewIsReadOnly"]
