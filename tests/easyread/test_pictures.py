"""The OpenMoji picture library: what it holds, finding and suggesting pictures, reading their files; suggested
pictures on the staff leaflet form, and choosing one."""

import io
import re
import uuid
from html.parser import HTMLParser

import pytest
from PIL import Image

from app.easyread import checker, pictures
from app.easyread.uploads import accept
from tests.easyread.conftest import latest

SKIN_TONES = {f"{code:X}" for code in range(0x1F3FB, 0x1F400)}


@pytest.fixture(scope="module", autouse=True)
def warm_checker():
    """The leaflet forms run the plain-language checker, whose first use loads its dictionaries (about two seconds,
    once a run): pay that here rather than in whichever test is first."""
    checker.check({"rows": [{"text": "You can phone us.", "picture": "openmoji:1F4DE", "alt": "A telephone"}]})


# --- the library --------------------------------------------------------------------------------------------------


def test_the_library_is_large_without_skin_tone_variants_and_every_file_is_there():
    library = pictures.library()
    assert len(library) > 1500
    for code, picture in library.items():
        assert picture.code == code and picture.ref == f"openmoji:{code}"
        assert not SKIN_TONES & set(code.split("-")), f"{code} is a skin-tone variant"
        assert re.fullmatch(r"[0-9A-F]{4,6}(-[0-9A-F]{4,6})*", code)
        assert picture.name and picture.name == picture.name.strip() and "_" not in picture.name
        assert (pictures.svg_folder() / f"{code}.svg").is_file()
    assert pictures.library() is library, "built once"


def test_pictures_have_their_emoji_names():
    library = pictures.library()
    assert library["1F4DE"].name == "telephone receiver"
    assert library["1F3E0"].name == "house" and library["1F4B0"].name == "money bag"
    assert any("-200D-" in code for code in library), "sequences (like woman police officer) are included"
    assert pictures.describe("1F4DE") == "Telephone receiver"
    assert pictures.describe("1F46E") == "Police officer"
    assert pictures.describe("NOT-A-CODE") == "" and pictures.describe("") == ""


def test_search_by_word_finds_the_telephone():
    found = [picture.code for picture in pictures.search("telephone")]
    assert "1F4DE" in found and "260E" in found
    assert "1F4DE" in [p.code for p in pictures.search("  Telephone  ")], "case and spaces do not matter"
    assert "1F4DE" in [p.code for p in pictures.search("telephones")], "a plural finds the singular"


@pytest.mark.parametrize("query", ["1F4DE", "1f4de", "openmoji:1F4DE", "openmoji:1f4de", "OPENMOJI:1F4DE", " 1F4DE "])
def test_search_by_code_gives_exactly_that_picture(query):
    assert pictures.search(query) == [pictures.library()["1F4DE"]]


@pytest.mark.parametrize("query", ["", "   ", "xqzvvy", "the and of", "!!!", "1F4DEZZ", "openmoji:", "openmoji:FFFFF"])
def test_search_for_nothing_or_nonsense_finds_nothing(query):
    assert pictures.search(query) == []


def test_search_is_limited_and_ranked():
    many = pictures.search("face")
    assert len(many) == 48 and len(pictures.search("face", limit=5)) == 5
    assert many[:5] == pictures.search("face", limit=5)
    both = pictures.search("police car")
    assert both[0].code in ("1F693", "1F6A8"), "pictures matching both words come first"


@pytest.mark.parametrize(
    "text, wanted",
    [
        ("You can phone us for help.", {"1F4DE", "260E"}),
        ("Call us on 020 7946 0100.", {"1F4DE", "260E"}),
        ("We will visit you at home.", {"1F3E0"}),
        ("You can get money to pay for your care.", {"1F4B0"}),
        ("Tell the police if you are in danger.", {"1F693", "1F46E", "1F6A8", "1F694"}),
        ("We will write you a letter.", {"2709"}),
        ("You can see a doctor at the hospital.", {"1F3E5"}),
        ("Take your medicine every day.", {"1F48A"}),
    ],
)
def test_suggestions_for_realistic_rows_include_a_fitting_picture(text, wanted):
    suggested = [picture.code for picture in pictures.suggest(text)]
    assert 0 < len(suggested) <= 6
    assert wanted & set(suggested[:6]), f"{text!r} suggested {suggested}"


def test_suggestions_rank_the_best_first():
    assert pictures.suggest("We will visit you at home.")[0].code == "1F3E0"
    assert pictures.suggest("You can get money to pay for your care.")[0].code == "1F4B0"
    assert "police" in pictures.suggest("Tell the police if you are in danger.")[0].name


def test_suggestions_for_text_with_no_meaning_are_empty():
    assert pictures.suggest("") == [] and pictures.suggest("you can we the it") == []
    assert pictures.suggest("0207 946 0100") == []


def test_suggestions_and_searches_only_give_pictures_that_exist():
    for text in ("You can phone us for help.", "Tell the police.", "money", "happy sad worried family"):
        for picture in pictures.suggest(text, limit=20) + pictures.search(text):
            assert pictures.exists(picture.code)


@pytest.mark.parametrize(
    "code",
    [
        "",
        "../x",
        "..",
        "../../etc/passwd",
        "1f4de",
        "1F4DE.svg",
        "1F4DE/",
        "/1F4DE",
        "1F4DE\n",
        "1F4DE ",
        "FFFFF",
        "1F4DE-",
        "-1F4DE",
        "1F4DE--200D",
        "1F4DE/../1F4DE",
        "..\\1F4DE",
        "1F4DE\x00",
    ],
)
def test_exists_refuses_path_tricks_and_unknown_codes(code):
    assert not pictures.exists(code)
    assert pictures.svg(code) is None


def test_svg_reads_a_library_picture():
    assert pictures.exists("1F4DE") and pictures.exists("1F46E-200D-2642-FE0F")
    data = pictures.svg("1F4DE")
    assert data is not None and b"<svg" in data and data == (pictures.svg_folder() / "1F4DE.svg").read_bytes()


def test_picture_paths():
    assert pictures.picture_path("openmoji:1F4DE") == "/pictures/openmoji/1F4DE.svg"
    assert pictures.picture_path("openmoji:1F46E-200D-2642-FE0F") == "/pictures/openmoji/1F46E-200D-2642-FE0F.svg"
    assert pictures.picture_path("upload:0123456789abcdef.png") == "/pictures/upload/0123456789abcdef.png"
    assert pictures.picture_path("upload:0123456789abcdef.svg") == "/pictures/upload/0123456789abcdef.svg"


def test_library_pictures_are_served_by_code(client):
    response = client.get("/pictures/openmoji/1F4DE.svg")
    assert response.status_code == 200 and response.content == pictures.svg("1F4DE")
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert "immutable" in response.headers["cache-control"]
    for path in (
        "/pictures/openmoji/1f4de.svg",
        "/pictures/openmoji/FFFFF.svg",
        "/pictures/openmoji/..%2Fx.svg",
        "/pictures/openmoji/%2E%2E.svg",
        "/pictures/openmoji/1F4DE.png",
    ):
        assert client.get(path).status_code == 404, path


def test_every_demo_leaflet_picture_is_in_the_library_and_served(client):
    html = client.get("/en/easy-read/staying-safe").text
    sources = set(re.findall(r'src="(/pictures/openmoji/[^"]+)"', html))
    assert len(sources) >= 5
    for source in sources:
        assert client.get(source).status_code == 200, source


# --- the staff picture library page -------------------------------------------------------------------------------


def test_staff_search_the_library(signed_in):
    page = signed_in("translator").get("/staff/pictures", params={"q": "telephone"})
    assert page.status_code == 200
    assert "<code>openmoji:1F4DE</code>" in page.text and 'src="/pictures/openmoji/1F4DE.svg"' in page.text
    assert "telephone receiver" in page.text and "OpenMoji" in page.text
    nothing = signed_in("editor").get("/staff/pictures", params={"q": "xqzvvy"})
    assert nothing.status_code == 200 and "0 pictures in the library" in nothing.text


def test_staff_search_with_odd_input_is_not_an_error(signed_in):
    editor = signed_in("editor")
    for q in ("%", "_", "%_%", "' OR 1=1 --", "\x00", "x" * 500, "<script>alert(1)</script>"):
        response = editor.get("/staff/pictures", params={"q": q})
        assert response.status_code == 200, q
        assert "<script>alert(1)</script>" not in response.text


# --- suggested pictures on the leaflet form -----------------------------------------------------------------------


class _FormReader(HTMLParser):
    """What a browser would send for the form posting to ``action``: text fields, checked radios and boxes,
    text areas and selected options."""

    def __init__(self, action: str):
        super().__init__(convert_charrefs=True)
        self.action, self.inside, self.fields = action, False, []
        self._textarea: str | None = None
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("action") == self.action
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in a:
                    self.fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button", "file"):
                self.fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), ""
        elif tag == "select":
            self._select, self._options = a.get("name"), []
        elif tag == "option" and self._select:
            self._options.append((a.get("value", ""), "selected" in a))

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select:
            chosen = [value for value, selected in self._options if selected] or [v for v, _ in self._options[:1]]
            self.fields.extend((self._select, value) for value in chosen)
            self._select = None


def form_fields(html: str, action: str) -> dict:
    reader = _FormReader(action)
    reader.feed(html)
    fields: dict = {}
    for name, value in reader.fields:
        if name in fields:
            fields[name] = (fields[name] if isinstance(fields[name], list) else [fields[name]]) + [value]
        else:
            fields[name] = value
    return fields


def _picks(html: str) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for index, ref in re.findall(r'name="rows-(\d+)-picture-pick" value="([^"]+)"', html):
        found.setdefault(int(index), []).append(ref)
    return found


def test_the_demo_leaflet_form_suggests_pictures_for_its_rows(signed_in):
    page = signed_in("editor").get("/staff/leaflets/staying-safe/edit")
    assert page.status_code == 200 and "Suggested pictures" in page.text
    picks = _picks(page.text)
    assert len(picks) >= 5, "most rows of the demo leaflet get suggestions"
    assert all(1 <= len(refs) <= 6 and len(set(refs)) == len(refs) for refs in picks.values())
    fields = form_fields(page.text, "/staff/leaflets/staying-safe/edit")
    phone = next(
        int(index)
        for index in re.findall(r"rows-(\d+)-text", " ".join(fields))
        if fields[f"rows-{index}-text"].startswith("Phone us on 020 7946 0100")
    )
    assert fields[f"rows-{phone}-picture"] == "openmoji:1F4DE"
    assert {"openmoji:1F4DE", "openmoji:260E"} & set(picks[phone]), "the phone row is offered a telephone"
    assert '<img src="/pictures/openmoji/1F4DE.svg" alt="" width="64"' in page.text, "the row's picture is shown"
    assert not re.search(r'-picture-pick" value="[^"]+" checked', page.text), (
        "no suggestion is chosen in advance: a code typed in the box must win"
    )
    for refs in picks.values():
        for ref in refs:
            assert re.search(rf'<img src="{re.escape(pictures.picture_path(ref))}" alt="" width="48"', page.text)
    assert 'id="field-rows-0-picture-pick-1"' in page.text and 'for="field-rows-0-picture-pick-1"' in page.text


def _new_leaflet(editor, **changes) -> str:
    slug = f"picture-test-{uuid.uuid4().hex[:10]}"
    form = {
        "title": "Getting help at home",
        "slug": slug,
        "summary": "How we can help you at home.",
        "cover": "openmoji:1F3E0",
        "cover_alt": "A house",
        "rows-0-position": "1",
        "rows-0-text": "You can phone us for help.",
        "rows-0-picture": "openmoji:1F91D",
        "rows-0-alt": "Two hands",
        "rows-1-position": "2",
        "rows-1-text": "We will visit you at home.",
        "rows-1-picture": "",
        "rows-1-alt": "",
    }
    form.update(changes)
    response = editor.post("/staff/leaflets/new", form)
    assert response.status_code == 303, response.text
    assert response.headers["location"] == f"/staff/leaflets/{slug}?done=created"
    return slug


def _edit_form(editor, slug: str) -> dict:
    page = editor.get(f"/staff/leaflets/{slug}/edit")
    assert page.status_code == 200
    return form_fields(page.text, f"/staff/leaflets/{slug}/edit")


def test_a_new_leaflet_form_suggests_pictures_for_what_was_typed(signed_in):
    response = signed_in("editor").post(
        "/staff/leaflets/new",
        {
            "title": "",
            "slug": "picture-test-invalid",
            "summary": "",
            "rows-0-text": "Tell the police if you are in danger.",
            "rows-0-picture": "",
            "rows-0-position": "1",
        },
    )
    assert response.status_code == 400 and "There is a problem" in response.text
    picks = _picks(response.text)
    assert any("police" in pictures.library()[ref.removeprefix("openmoji:")].name for ref in picks[0])


def test_choosing_a_suggested_picture_changes_the_row(signed_in, engine):
    editor = signed_in("editor")
    slug = _new_leaflet(editor)
    assert latest(engine, slug)["rows"][0]["picture"] == "openmoji:1F91D"
    page = editor.get(f"/staff/leaflets/{slug}/edit").text
    picks = _picks(page)
    assert {"openmoji:1F4DE", "openmoji:260E"} & set(picks[0]) and "openmoji:1F3E0" in picks[1]
    assert re.search(r'name="rows-1-picture-pick" value="openmoji:1F3E0">', page), "not chosen yet"

    chosen = next(ref for ref in picks[0] if ref in ("openmoji:1F4DE", "openmoji:260E"))
    form = _edit_form(editor, slug)
    form["rows-0-picture-pick"] = chosen
    form["rows-1-picture-pick"] = "openmoji:1F3E0"
    response = editor.post(f"/staff/leaflets/{slug}/edit", form)
    assert response.status_code == 303 and response.headers["location"].endswith("?done=saved")

    rows = latest(engine, slug)["rows"]
    assert [row["picture"] for row in rows] == [chosen, "openmoji:1F3E0"]
    assert rows[0]["alt"] == "Two hands" and rows[0]["text"] == "You can phone us for help."
    again = editor.get(f"/staff/leaflets/{slug}/edit").text
    assert re.search(rf'name="rows-0-picture" value="{chosen}"', again)
    assert f'<img src="{pictures.picture_path(chosen)}" alt="" width="64"' in again


def test_saving_without_choosing_keeps_the_typed_picture(signed_in, engine):
    editor = signed_in("editor")
    slug = _new_leaflet(editor)
    form = _edit_form(editor, slug)
    assert not any(name.startswith("rows-1-") and name.endswith("-pick") for name in form), (
        "a row without a picture has nothing chosen"
    )
    form["rows-1-picture"] = "openmoji:1F3E1"
    response = editor.post(f"/staff/leaflets/{slug}/edit", form)
    assert response.status_code == 303
    assert [row["picture"] for row in latest(engine, slug)["rows"]] == ["openmoji:1F91D", "openmoji:1F3E1"]


def test_a_typed_code_replaces_a_picture_chosen_earlier(signed_in, engine):
    editor = signed_in("editor")
    slug = _new_leaflet(editor, **{"rows-1-picture": "openmoji:1F3E0"})
    form = _edit_form(editor, slug)
    assert "rows-1-picture-pick" not in form, "no suggestion is sent unless the editor picks one"
    form["rows-1-picture"] = "openmoji:1F3E1"  # the editor types another code in the box, as the hint says
    assert editor.post(f"/staff/leaflets/{slug}/edit", form).status_code == 303
    assert latest(engine, slug)["rows"][1]["picture"] == "openmoji:1F3E1"


def test_a_picture_that_is_not_a_code_is_refused_by_its_row(signed_in, engine):
    editor = signed_in("editor")
    slug = _new_leaflet(editor)
    form = _edit_form(editor, slug)
    before = latest(engine, slug)
    form["rows-0-picture-pick"] = "https://evil.example/x.png"
    response = editor.post(f"/staff/leaflets/{slug}/edit", form)
    assert response.status_code == 400 and "There is a problem" in response.text
    assert 'href="#field-rows-0-picture"' in response.text and "is not a picture" in response.text
    assert latest(engine, slug) == before


def test_an_uploaded_picture_can_be_used_in_a_row(signed_in, engine, client):
    editor = signed_in("editor")
    out = io.BytesIO()
    Image.new("RGB", (12, 12), (uuid.uuid4().int % 256, 90, 40)).save(out, "PNG")
    name = accept(out.getvalue())[0]
    uploaded = editor.post(
        "/staff/pictures", {"description": "Our front door"}, files={"file": ("door.png", out.getvalue(), "image/png")}
    )
    assert uploaded.status_code == 303
    slug = _new_leaflet(editor, **{"rows-1-picture": f"upload:{name}", "rows-1-alt": "Our front door"})
    assert latest(engine, slug)["rows"][1] == {
        "picture": f"upload:{name}",
        "alt": "Our front door",
        "text": "We will visit you at home.",
    }
    page = editor.get(f"/staff/leaflets/{slug}/edit").text
    assert f'<img src="/pictures/upload/{name}" alt="" width="64"' in page
    assert client.get(f"/pictures/upload/{name}").status_code == 200
