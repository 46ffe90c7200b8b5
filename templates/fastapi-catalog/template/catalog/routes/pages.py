"""HTML pages. They work without JavaScript; HTMX (when present) swaps fragments instead."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from .. import queries
from ..kit.web import make_templates, page, read_form
from ..schemas import ProductIn, ProductOut, ReviewIn, ReviewOut

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
templates = make_templates(nav=[("Products", "/"), ("New product", "/products/new")])


def _htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


@router.get("/")
async def product_list(request: Request, category: str = "", brand: str = "", cursor: str | None = None):
    context = {"category": category, "brand": brand, "error": None, "products": [], "next_cursor": None}
    try:
        result = await queries.list_products(category.strip() or None, brand.strip() or None, cursor)
        context.update(products=[ProductOut.of(p) for p in result.items], next_cursor=result.cursor)
    except queries.BothFilters as exc:
        context["error"] = str(exc)
    name = "_product_grid.html" if _htmx(request) else "index.html"
    return page(templates, request, name, status_code=400 if context["error"] else 200, **context)


@router.get("/products/new")
async def new_product(request: Request):
    return page(templates, request, "product_form.html", product=None, values={}, errors={})


@router.post("/products/new")
async def create_product(request: Request):
    values, data, errors = await read_form(request, ProductIn)
    if data is None:
        return page(templates, request, "product_form.html", 422, product=None, values=values, errors=errors)
    product = await queries.create_product(data)
    return RedirectResponse(f"/products/{product.id}", status_code=303)


@router.get("/products/{product_id}")
async def product_detail(request: Request, product_id: UUID, cursor: str | None = None):
    product = ProductOut.of(await queries.get_product(product_id))
    reviews = await queries.reviews_for(product_id, cursor)
    context = {
        "product": product,
        "reviews": [ReviewOut.of(r) for r in reviews.items],
        "next_cursor": reviews.cursor,
        "values": {},
        "errors": {},
    }
    name = "_reviews.html" if _htmx(request) and cursor else "product.html"
    return page(templates, request, name, **context)


@router.post("/products/{product_id}/reviews")
async def add_review(request: Request, product_id: UUID):
    values, data, errors = await read_form(request, ReviewIn)
    if data is None:
        product = ProductOut.of(await queries.get_product(product_id))
        reviews = await queries.reviews_for(product_id)
        context = {"product": product, "reviews": [ReviewOut.of(r) for r in reviews.items]}
        context.update(next_cursor=reviews.cursor, values=values, errors=errors)
        return page(templates, request, "product.html", 422, **context)
    await queries.add_review(product_id, data)
    return RedirectResponse(f"/products/{product_id}#reviews", status_code=303)


@router.get("/products/{product_id}/edit")
async def edit_product(request: Request, product_id: UUID):
    product = ProductOut.of(await queries.get_product(product_id))
    values = {**product.model_dump(), "tags": "; ".join(product.tags)}
    return page(templates, request, "product_form.html", product=product, values=values, errors={})


@router.post("/products/{product_id}/edit")
async def update_product(request: Request, product_id: UUID):
    product = ProductOut.of(await queries.get_product(product_id))
    values, data, errors = await read_form(request, ProductIn)
    if data is None:
        return page(
            templates, request, "product_form.html", 422, product=product, values=values, errors=errors
        )
    await queries.update_product(product_id, data)
    return RedirectResponse(f"/products/{product_id}", status_code=303)


@router.post("/products/{product_id}/delete")
async def delete_product(product_id: UUID):
    await queries.delete_product(product_id)
    return RedirectResponse("/?deleted=1", status_code=303)
