from conftest import load_book_extension


def test_bibliography_entries_become_list_items_of_their_list():
    extension = load_book_extension("accessible_markup")
    body = ('<div role="list" class="citation-list">\n<div class="citation" id="id2" role="doc-biblioentry">'
            '<span class="label">KW13</span><p>Kingma.</p></div>\n</div>')
    fixed = extension.fix_markup(body)
    assert 'role="doc-biblioentry"' not in fixed
    assert '<div class="citation" id="id2" role="listitem">' in fixed and 'role="list"' in fixed


def test_the_page_context_body_is_fixed_and_other_pages_are_left_alone():
    extension = load_book_extension("accessible_markup")
    context = {"body": '<div role="doc-biblioentry"></div>'}
    extension.on_page_context(None, "book/references", "page.html", context, None)
    assert context["body"] == '<div role="listitem"></div>'
    empty = {}
    extension.on_page_context(None, "genindex", "genindex.html", empty, None)
    assert empty == {}
