"""HTML pages. They work without JavaScript; HTMX (when present) swaps the comparison in place.

A write to a view, tried from a product's page, is shown on that page with status 405.
"""

from __future__ import annotations

from urllib.parse import urlencode
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from .. import queries
from ..kit.web import make_templates, page, read_form
from ..schemas import ProductIn, ProductOut

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
templates = make_templates(
    nav=[("By category", "/"), ("By brand", "/brands"), ("New product", "/products/new")]
)
# Suggested in the forms (the seed's values); any other category or brand works the same.
CATEGORIES = ["Audio", "Cameras", "Computers", "Gaming", "Home", "Outdoor", "Phones", "Wearables"]
BRANDS = ["Aurora", "Helix", "Lumen", "Nimbus", "Orbit", "Quasar", "Vertex", "Zephyr"]
templates.env.globals.update(categories=CATEGORIES, brands=BRANDS, views=sorted(queries.VIEW_NAMES))


def _htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


@router.get("/")
async def by_category(
    request: Request,
    category: str = "Audio",
    view_cursor: str | None = None,
    manual_cursor: str | None = None,
):
    category = category.strip() or "Audio"
    view, manual = await queries.category_both_ways(category, view_cursor, manual_cursor)
    context = {
        "category": category,
        "answers": [
            (view, "Materialized view", "Cassandra writes it from products, after each write to products."),
            (manual, "Hand-made table", "The app writes it, in one logged batch with the products row."),
        ],
        "agree": [p.id for p in view.items] == [p.id for p in manual.items],
        "rows": {a.table: [ProductOut.of(p) for p in a.items] for a in (view, manual)},
        "next_link": _next_link(category, view, manual),
    }
    name = "_compare.html" if _htmx(request) else "index.html"
    return page(templates, request, name, **context)


def _next_link(category: str, view, manual) -> str | None:
    """Both sides page on together; a side that has ended stays ended (END) while the other goes on."""
    if not (view.cursor or manual.cursor):
        return None
    cursors = {"view_cursor": view.cursor or queries.END, "manual_cursor": manual.cursor or queries.END}
    return "/?" + urlencode({"category": category, **cursors})


@router.get("/brands")
async def by_brand(request: Request, brand: str = "Nimbus", cursor: str | None = None):
    brand = brand.strip() or "Nimbus"
    with_brand = await queries.by_brand(brand, cursor)
    products = [ProductOut.of(p) for p in with_brand.items]
    return page(
        templates, request, "brands.html", brand=brand, products=products, next_cursor=with_brand.cursor
    )


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


async def _product_page(request: Request, product_id: UUID, status: int = 200, **context):
    product = ProductOut.of(await queries.get_product(product_id))
    was = request.query_params
    categories = [product.category, *([was["was_category"]] if was.get("was_category") else [])]
    brands = [product.brand, *([was["was_brand"]] if was.get("was_brand") else [])]
    placements = await queries.placements(product_id, categories, brands)
    moved = categories[-1] != product.category or brands[-1] != product.brand
    context = {"refused": None, "moved": moved, **context}
    return page(templates, request, "product.html", status, product=product, placements=placements, **context)


@router.get("/products/{product_id}")
async def product_detail(request: Request, product_id: UUID):
    return await _product_page(request, product_id)


@router.get("/products/{product_id}/edit")
async def edit_product(request: Request, product_id: UUID):
    product = ProductOut.of(await queries.get_product(product_id))
    return page(
        templates, request, "product_form.html", product=product, values=product.model_dump(), errors={}
    )


@router.post("/products/{product_id}/edit")
async def update_product(request: Request, product_id: UUID):
    values, data, errors = await read_form(request, ProductIn)
    if data is None:
        product = ProductOut.of(await queries.get_product(product_id))
        return page(
            templates, request, "product_form.html", 422, product=product, values=values, errors=errors
        )
    product, before = await queries.update_product(product_id, data)
    was = {}
    if before.category != product.category:
        was["was_category"] = before.category
    if before.brand != product.brand:
        was["was_brand"] = before.brand
    suffix = f"?{urlencode(was)}" if was else ""
    return RedirectResponse(f"/products/{product_id}{suffix}", status_code=303)


@router.post("/products/{product_id}/delete")
async def delete_product(product_id: UUID):
    product = await queries.delete_product(product_id)
    return RedirectResponse("/?" + urlencode({"category": product.category, "deleted": product.name}), 303)


@router.post("/products/{product_id}/write-to-view")
async def write_to_view(request: Request, product_id: UUID):
    view = str((await request.form()).get("view", ""))
    try:
        await queries.write_to_view(view, product_id)
    except queries.ViewIsReadOnly as exc:
        return await _product_page(request, product_id, 405, refused=exc)
    raise AssertionError("queries.write_to_view always raises")
