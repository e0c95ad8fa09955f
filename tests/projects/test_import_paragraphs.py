"""Paragraphs rejoined from the old layout's lines (`projects.importers.paragraphs`, pure)."""

import doctest

from projects.importers import paragraphs
from projects.importers.paragraphs import rejoin


def test_doctests():
    assert doctest.testmod(paragraphs).failed == 0


def test_a_break_inside_a_syllable_is_joined_without_a_space():
    # a line cannot start with a vowel written after its consonant, nor end with one written before it
    assert rejoin(["ภายในกรุงเทพมห", "านคร"]) == "ภายในกรุงเทพมหานคร"
    assert rejoin(["ความสัมพันธ์ระหว่างเ", "มือง"]) == "ความสัมพันธ์ระหว่างเมือง"


def test_a_long_run_without_spaces_was_cut_inside_a_word():
    run = "ความร่วมมือกันระหว่างท้องถิ่นด้วยการเรียนรู้และแลกเปลี่ยนประสบการณ์"
    assert rejoin([run, "ระหว่างกัน"]) == run + "ระหว่างกัน"


def test_latin_and_digits_at_a_break_keep_their_space():
    assert rejoin(["ความร่วมมือระดับทวิภาคี", "(Bilateral Cooperation) ระหว่างหน่วยงาน"]) == (
        "ความร่วมมือระดับทวิภาคี (Bilateral Cooperation) ระหว่างหน่วยงาน"
    )


def test_sentence_ends_bullets_and_thai_numbered_items_keep_their_breaks():
    lines = ["ประกอบด้วย:", "- ๑.๑ นครคุนหมิง", "๑.๒ เทศบาลรากุนด์า", "ก. งานแรก", "ต่อจากงานแรก"]
    assert rejoin(lines) == "ประกอบด้วย:\n- ๑.๑ นครคุนหมิง\n๑.๒ เทศบาลรากุนด์า\nก. งานแรก ต่อจากงานแรก"


def test_an_inline_enumeration_at_a_line_start_is_not_a_list_item():
    # `(๖)` is counted inside the paragraph of the seed 2475, not a list
    assert rejoin(["ได้แก่ นครลอสแอนเจลิส", "(๖) สาธารณรัฐเกาหลี"]) == "ได้แก่ นครลอสแอนเจลิส (๖) สาธารณรัฐเกาหลี"


def test_blank_lines_between_some_lines_only_are_paragraph_breaks():
    assert rejoin(["ย่อหน้าแรก", "ต่อกัน", "", "ย่อหน้าที่สอง"]) == "ย่อหน้าแรก ต่อกัน\nย่อหน้าที่สอง"
    # double spacing everywhere is the layout's, not paragraphs
    assert rejoin(["บรรทัดแรก", "", "บรรทัดสอง", "", "บรรทัดสาม"]) == "บรรทัดแรก บรรทัดสอง บรรทัดสาม"
