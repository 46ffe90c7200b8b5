"""The JSON API (OpenAPI docs at /docs): the same queries as the pages."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, HTTPException, Query, Response

from .. import queries
from ..schemas import ProductIn, ProductOut, ProductPage, ReviewIn, ReviewOut, ReviewPage

router = APIRouter(prefix="/api", tags=["catalog"])


@router.get("/products", response_model=ProductPage)
async def list_products(
    category: str | None = None,
    brand: str | None = None,
    cursor: str | None = None,
    limit: int = Query(queries.PAGE_SIZE, ge=1, le=100),
):
    try:
        page = await queries.list_products(category, brand, cursor, limit)
    except queries.BothFilters as exc:
        raise HTTPException(400, str(exc)) from None
    return ProductPage(items=[ProductOut.of(p) for p in page.items], next_cursor=page.cursor)


@router.post("/products", response_model=ProductOut, status_code=201)
async def create_product(data: ProductIn):
    return ProductOut.of(await queries.create_product(data))


@router.get("/products/{product_id}", response_model=ProductOut)
async def get_product(product_id: UUID):
    return ProductOut.of(await queries.get_product(product_id))


@router.put("/products/{product_id}", response_model=ProductOut)
async def update_product(product_id: UUID, data: ProductIn):
    return ProductOut.of(await queries.update_product(product_id, data))


@router.delete("/products/{product_id}", status_code=204)
async def delete_product(product_id: UUID):
    await queries.delete_product(product_id)
    return Response(status_code=204)


@router.get("/products/{product_id}/reviews", response_model=ReviewPage)
async def list_reviews(product_id: UUID, cursor: str | None = None, limit: int = Query(10, ge=1, le=100)):
    page = await queries.reviews_for(product_id, cursor, limit)
    return ReviewPage(items=[ReviewOut.of(r) for r in page.items], next_cursor=page.cursor)


@router.post("/products/{product_id}/reviews", response_model=ReviewOut, status_code=201)
async def add_review(product_id: UUID, data: ReviewIn):
    return ReviewOut.of(await queries.add_review(product_id, data))
