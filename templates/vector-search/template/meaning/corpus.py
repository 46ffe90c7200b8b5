"""The demo's corpus: short descriptions of things in a hobby shop, written from topic
vocabularies in code, so that the demo ships its own text and downloads nothing.

Eight topics, each with kinds of item, features and uses written the way a shop writes them.
A description takes one kind, two features and one use of its topic, so words that belong
together (telescope, eyepiece, planets, dark skies) appear together across many items: the
co-occurrence that latent semantic analysis (lsa.py) turns into meaning. A query for
"stargazing" then finds telescopes whose text never says "stargazing".

`descriptions(rng, count)` makes items; `CANONICAL` is the fixed corpus the model is fitted on
(the same in every process: seed, web and tests embed with the same model).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

TOPICS: dict[str, dict[str, list[str]]] = {
    "Astronomy": {
        "kinds": [
            "refractor telescope",
            "reflector telescope",
            "wide eyepiece",
            "star chart",
            "equatorial mount",
            "solar filter",
            "planisphere",
            "astronomy binoculars",
        ],
        "features": [
            "sharp views of lunar craters",
            "bright images of faint galaxies",
            "steady tracking of planets across the night sky",
            "a red dot finder for locating stars",
            "coated optics that gather starlight",
            "a smooth focuser for Saturn's rings",
            "low power for star clusters and nebulae",
            "a sturdy tripod for long observing nights",
        ],
        "uses": [
            "for stargazing under dark skies",
            "for watching meteor showers",
            "for a first look at Jupiter's moons",
            "for astrophotography of the Milky Way",
        ],
    },
    "Cooking": {
        "kinds": [
            "cast iron skillet",
            "chef's knife",
            "dutch oven",
            "spice grinder",
            "cutting board",
            "sourdough starter kit",
            "stock pot",
            "wok",
        ],
        "features": [
            "even heat for searing steak",
            "a keen blade for slicing vegetables",
            "a heavy lid that keeps stews moist",
            "fresh ground pepper and cumin",
            "room for kneading bread dough",
            "a glaze that seasons with every meal",
            "high sides for simmering soup",
            "quick stir frying over a hot flame",
        ],
        "uses": [
            "for weeknight dinners",
            "for slow braised recipes in the kitchen",
            "for baking crusty loaves",
            "for cooking family meals",
        ],
    },
    "Gardening": {
        "kinds": [
            "pruning shears",
            "raised garden bed",
            "compost bin",
            "watering can",
            "seed tray",
            "garden trowel",
            "hose reel",
            "tomato cage",
        ],
        "features": [
            "clean cuts on roses and shrubs",
            "deep soil for carrots and lettuce",
            "rich compost from kitchen scraps",
            "a gentle spray for seedlings",
            "drainage holes for sprouting seeds",
            "a steel blade for planting bulbs",
            "steady water for thirsty flower beds",
            "support for climbing vines",
        ],
        "uses": [
            "for a vegetable patch in the backyard",
            "for growing herbs on a balcony",
            "for spring planting",
            "for harvesting tomatoes in summer",
        ],
    },
    "Cycling": {
        "kinds": [
            "road bike",
            "mountain bike",
            "bike helmet",
            "cycling gloves",
            "bike pump",
            "chain lube",
            "saddle bag",
            "bike light",
        ],
        "features": [
            "light carbon frame for climbing hills",
            "wide tyres that grip muddy trails",
            "vents that keep the head cool on long rides",
            "padded palms that ease handlebar pressure",
            "a gauge for exact tyre pressure",
            "a quiet smooth drivetrain and chain",
            "room for a spare tube and tools",
            "a bright beam for riding at dusk",
        ],
        "uses": [
            "for commuting to work by bike",
            "for weekend rides on country roads",
            "for singletrack trails",
            "for long distance touring",
        ],
    },
    "Photography": {
        "kinds": [
            "mirrorless camera",
            "prime lens",
            "zoom lens",
            "camera tripod",
            "camera bag",
            "memory card",
            "lens filter",
            "flash unit",
        ],
        "features": [
            "a large sensor for low light shots",
            "a wide aperture for soft background blur",
            "fast autofocus that tracks moving subjects",
            "a ball head for steady long exposures",
            "padded dividers that protect lenses",
            "fast write speed for burst shooting",
            "cuts glare and reflections from water",
            "even light for indoor portraits",
        ],
        "uses": [
            "for portrait photography",
            "for landscape photos at golden hour",
            "for wildlife and sports shots",
            "for travel photography",
        ],
    },
    "Music": {
        "kinds": [
            "acoustic guitar",
            "digital piano",
            "guitar strings",
            "metronome",
            "studio headphones",
            "violin",
            "ukulele",
            "microphone",
        ],
        "features": [
            "a warm resonant tone",
            "weighted keys that feel like a grand piano",
            "bright strings that stay in tune",
            "a steady click to keep tempo",
            "flat response for mixing tracks",
            "a spruce top and a maple neck",
            "easy chords for beginners",
            "clear vocals with little noise",
        ],
        "uses": [
            "for practising scales every day",
            "for recording songs at home",
            "for playing on stage",
            "for music lessons",
        ],
    },
    "Hiking": {
        "kinds": [
            "hiking boots",
            "backpack",
            "trekking poles",
            "tent",
            "sleeping bag",
            "water filter",
            "rain jacket",
            "headlamp",
        ],
        "features": [
            "ankle support on rocky trails",
            "a hip belt that carries the load",
            "grip on steep mountain paths",
            "a waterproof shell for stormy nights",
            "warmth down to freezing nights",
            "safe drinking water from streams",
            "breathable fabric that sheds rain",
            "a beam for the trail after dark",
        ],
        "uses": [
            "for day hikes in the mountains",
            "for backpacking trips and camping",
            "for walking long distance trails",
            "for a night in the wilderness",
        ],
    },
    "Coffee": {
        "kinds": [
            "espresso machine",
            "burr grinder",
            "pour over dripper",
            "french press",
            "milk frother",
            "coffee scale",
            "gooseneck kettle",
            "coffee beans",
        ],
        "features": [
            "rich crema from fresh espresso shots",
            "an even grind for bright flavour",
            "a slow pour that brings out sweet notes",
            "full bodied brew with a steel mesh",
            "silky foam for a latte",
            "exact grams of ground coffee and water",
            "precise water temperature for brewing",
            "single origin roast with fruity aroma",
        ],
        "uses": [
            "for a morning cup of coffee",
            "for cafe style drinks at home",
            "for a slow weekend brew",
            "for espresso lovers",
        ],
    },
}

CANONICAL_SEED = 15
CANONICAL_SIZE = 600


@dataclass(frozen=True)
class Description:
    title: str
    topic: str
    text: str


def article(word: str) -> str:
    return "An" if word[0] in "aeiou" else "A"


def describe(rng: random.Random, topic: str) -> Description:
    words = TOPICS[topic]
    kind = rng.choice(words["kinds"])
    first, second = rng.sample(words["features"], 2)
    use = rng.choice(words["uses"])
    title = f"{kind[0].upper()}{kind[1:]} {rng.randint(100, 999)}"
    return Description(
        title=title, topic=topic, text=f"{article(kind)} {kind} with {first} and {second}, {use}."
    )


def descriptions(rng: random.Random, count: int) -> Iterator[Description]:
    topics = sorted(TOPICS)
    for _ in range(count):
        yield describe(rng, rng.choice(topics))


def canonical() -> list[str]:
    """The texts the model is fitted on: fixed, so every process fits the same model."""
    return [d.text for d in descriptions(random.Random(CANONICAL_SEED), CANONICAL_SIZE)]
