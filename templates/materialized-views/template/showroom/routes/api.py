"""The JSON API (OpenAPI docs at /docs): the same queries as the pages.

Products are written through `products` only; the views answer GETs. A write to a view
answers 405 with who refused it (see app.py); a missing product or view 404.
"""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Query, Response

from .. import queries
from ..schemas import Moved, ProductIn, ProductOut, ProductPage, RefusedOut, Source, ViewWriteIn

router = APIRouter(prefix="/api", tags=["showroom"])
MISSING = {404: {"description": "no such product"}}
Limit = Query(queries.PAGE_SIZE, ge=1, le=100)


def _page(page) -> ProductPage:
    return ProductPage(items=[ProductOut.of(p) for p in page.items], next_cursor=page.cursor)


@router.post("/products", response_model=ProductOut, status_code=201)
async def create_product(data: ProductIn):
    return ProductOut.of(await queries.create_product(data))


@router.get("/products/{product_id}", response_model=ProductOut, responses=MISSING)
async def get_product(product_id: UUID):
    return ProductOut.of(await queries.get_product(product_id))


@router.put("/products/{product_id}", response_model=Moved, responses=MISSING)
async def update_product(product_id: UUID, data: ProductIn):
    product, before = await queries.update_product(product_id, data)
    return Moved(product=ProductOut.of(product), category_was=before.category, brand_was=before.brand)


@router.delete("/products/{product_id}", status_code=204, responses=MISSING)
async def delete_product(product_id: UUID):
    await queries.delete_product(product_id)
    return Response(status_code=204)


@router.get("/categories/{category}/products", response_model=ProductPage)
async def products_of_category(
    category: str, source: Source = "view", cursor: str | None = None, limit: int = Limit
):
    """source=view reads products_by_category (Q2), source=manual products_by_category_manual (Q2m)."""
    read = queries.by_category if source == "view" else queries.by_category_manual
    return _page(await read(category, cursor, limit))


@router.get("/brands/{brand}/products", response_model=ProductPage)
async def products_of_brand(brand: str, cursor: str | None = None, limit: int = Limit):
    return _page(await queries.by_brand(brand, cursor, limit))


@router.post(
    "/views/{view}/rows",
    status_code=405,
    response_model=RefusedOut,
    responses={405: {"model": RefusedOut, "description": "views are read-only"}, **MISSING},
)
async def write_to_view(view: str, data: ViewWriteIn):
    """Always refused: a materialized view is written by Cassandra alone."""
    await queries.write_to_view(view, data.product_id)
