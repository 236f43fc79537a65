"""A small corpus every backend indexes for the contract suite: a few pages with every facet, a run of similar
pages for paging, one hostile summary, and a page per language with a word in one form, searched in another."""

from app.search.documents import SearchDocument

# (locale, indexed phrase, what a resident types): the second must find the first by the language's stemming, or,
# for languages without a stemmer, by the word itself.
LANGUAGE_CASES = [
    ("en", "Support for carers", "carer"),
    ("es", "Apoyo para cuidadores", "cuidador"),
    ("fr", "Soutien aux aidants", "aidant"),
    ("it", "Servizi per anziani", "servizio anziane"),
    ("pt", "Apoio aos cuidadores", "cuidador"),
    ("ro", "Sprijin pentru îngrijitorii", "îngrijitor"),
    ("ru", "Помощь для опекунов", "опекун"),
    ("tr", "Evde bakım hizmetleri", "hizmet"),
    ("pl", "Dla opiekunów i rodzin", "opiekunów"),
    ("ar", "الرعاية المنزلية", "رعاية"),
    ("fa", "مراقبت در خانه", "مراقبت"),
    ("ur", "گھر پر دیکھ بھال", "دیکھ بھال"),
    ("bn", "বাড়িতে সাহায্য", "সাহায্য"),
    ("so", "Daryeel guriga", "daryeel"),
    ("tl", "Tulong sa bahay", "tulong"),
    ("zh-Hans", "居家护理服务", "护理"),
]


def _language_pages() -> list[SearchDocument]:
    return [
        SearchDocument(
            kind="service",
            slug=f"language-{code.lower()}",
            locale=code,
            title=title,
            summary=title,
            locales=[code],
        )
        for code, title, _query in LANGUAGE_CASES
        if code != "en"
    ]


PAGED = 23  # pages that all match "chess"

CORPUS: list[SearchDocument] = [
    SearchDocument(
        kind="guide",
        slug="carers",
        locale="en",
        title="Support for carers",
        summary="Advice and a break for people looking after someone",
        body="A carer's assessment, respite and money",
        topics=["carers"],
        locales=["en", "es"],
    ),
    SearchDocument(
        kind="guide",
        slug="carers",
        locale="es",
        title="Apoyo para cuidadores",
        summary="Consejos y un descanso para quien cuida a alguien",
        topics=["carers"],
        locales=["en", "es"],
    ),
    SearchDocument(
        kind="service",
        slug="home-care",
        locale="en",
        title="Home care",
        summary="Help at home with washing, dressing and meals",
        body="Care workers visit you at home",
        topics=["home-care"],
        areas=["north"],
        weekdays=["MO", "TU"],
        free=False,
        languages=["en", "so"],
        accessibility=["step-free"],
        locales=["en"],
    ),
    SearchDocument(
        kind="hub",
        slug="north-hub",
        locale="en",
        title="North community hub",
        summary="Drop in for advice about care, money and housing",
        areas=["north"],
        weekdays=["WE"],
        free=True,
        accessibility=["hearing-loop", "step-free"],
        locales=["en"],
    ),
    SearchDocument(
        kind="leaflet",
        slug="staying-safe",
        locale="en",
        title="Staying safe",
        summary="<script>alert('abuse')</script> How to stay safe from abuse & harm",
        locales=["en"],
    ),
    SearchDocument(
        kind="service",
        slug="withdrawn-chess",
        locale="en",
        title="Chess club that closed",
        summary="No longer running",
        active=False,
        locales=["en"],
    ),
    *(
        SearchDocument(
            kind="activity",
            slug=f"chess-{n:02d}",
            locale="en",
            title=f"Chess club {n}",
            summary="A game of chess and a cup of tea",
            topics=["social"],
            areas=["south" if n % 2 else "north"],
            weekdays=["TU"] if n % 3 else ["TU", "TH"],
            free=n % 4 != 0,
            languages=["en", "bn"] if n % 5 == 0 else ["en"],
            accessibility=["step-free"],
            locales=["en"],
        )
        for n in range(PAGED)
    ),
    *_language_pages(),
]
