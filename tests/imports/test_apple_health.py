"""Apple Health's export (export.zip or export.xml): files, their quirks, lines and skips."""

from __future__ import annotations

import io
import tracemalloc
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.imports.apple_health_factories import (
    A_DAY,
    FIRST_LINE,
    HEAD,
    STEPS,
    export,
    failure,
    record,
    sleep,
    steps,
    zipped,
)
from tracker.imports.errors import ImportFailed
from tracker.imports.parsers.apple_health import parse
from tracker.imports.records import Practice, Steps, Workout

FIXTURES = Path(__file__).parent / "fixtures" / "apple_health"


# --- Files and their quirks ------------------------------------------------------------------


def test_the_malformed_ios16_doctype_is_set_aside_and_its_stray_control_character_too():
    data = (FIXTURES / "ios16_export.xml").read_bytes()
    with pytest.raises(ElementTree.ParseError):  # the quirk: a plain parser stops in the DTD
        ElementTree.fromstring(data)
    parsed = parse(data)
    assert parsed.records == [Steps(42, "apple-steps:2022-10-01", date(2022, 10, 1), 2016)]
    assert parsed.rows == 3
    assert [s.line for s in parsed.skipped] == [43]
    assert "Heart rate (HKQuantityTypeIdentifierHeartRate): 1 record" in parsed.skipped[0].reason


def test_a_zip_is_read_through_its_localized_xml_past_macos_copies_and_the_cda_file():
    data = zipped(
        {
            "__MACOSX/apple_health_export/._Exportieren.xml": b"\0\5\26\7" * 50_000,
            "apple_health_export/export_cda.xml": b"<ClinicalDocument/>" * 10_000,
            "apple_health_export/Exportieren.xml": A_DAY,
            "apple_health_export/workout-routes/route_2024-04-01.gpx": b"<gpx/>",
        }
    )
    parsed = parse(io.BytesIO(data))
    assert [type(r) for r in parsed.records] == [Steps, Workout, Practice]
    assert parsed == parse(A_DAY)


def test_a_zip_without_an_export_xml_is_refused():
    data = zipped({"apple_health_export/export_cda.xml": b"<x/>", "__MACOSX/._export.xml": b"x"})
    assert "holds no Apple Health export" in failure(data).detail


def test_a_damaged_zip_is_refused():
    data = zipped({"apple_health_export/export.xml": A_DAY})
    assert "damaged" in failure(data[:200] + b"\0" * 50 + data[250:]).detail
    assert "damaged" in failure(b"PK\x03\x04 not really a zip").detail


def test_a_zip_bomb_stops_at_the_size_cap_declared_or_read():
    big = export(*[steps(10, "2024-04-01 10:05:00 +0200", "2024-04-01 10:06:00 +0200")] * 20_000)
    assert len(zipped({"apple_health_export/export.xml": big})) < len(big) / 50
    assert (
        "unpacks to"
        in failure(zipped({"apple_health_export/export.xml": big}), max_bytes=10**6).detail
    )
    assert "larger than 1,000,000 bytes" in failure(big, max_bytes=10**6).detail
    assert len(parse(big).records) == 1


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "This is a PNG image"),
        (b"", "empty"),
        (b" \n\t\n", "empty"),
        (b"Dear doctor, my steps were fine.\n", "not an XML file"),
        (b'{"steps": 3}', "not an XML file"),
        ("<HealthData/>".encode("utf-16"), "UTF-16"),
        (b'<?xml version="1.0"?>\n<html><body/></html>', "not an Apple Health export"),
        (b'<?xml version="1.0" encoding="AUTF-8"?>\n<HealthData/>', "cannot be decoded"),
    ],
)
def test_what_is_not_an_export_is_refused_with_a_clear_message(data, says):
    assert says in failure(data).detail


def test_a_stream_that_cannot_seek_is_read_too():
    class Pipe(io.RawIOBase):
        def __init__(self, data: bytes) -> None:
            self._data = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, buf) -> int:
            chunk = self._data.read(len(buf))
            buf[: len(chunk)] = chunk
            return len(chunk)

    assert parse(Pipe(A_DAY)) == parse(A_DAY)


def test_broken_xml_is_refused_at_its_line_and_column():
    data = export(steps(5, "2024-04-01 10:05:00 +0200", "2024-04-01 10:06:00 +0200"))
    broken = data.replace(b'"count"/>', b'"count">\n  <MetadataEntry key="a"/>\n </Recrd>')
    error = failure(broken)
    assert (error.line, error.column) == (FIRST_LINE + 2, 4)
    assert "mismatched tag" in error.detail
    truncated = failure(data[: data.index(b"</HealthData>")])
    assert truncated.line == FIRST_LINE + 1 and "no element found" in truncated.detail


def test_a_billion_laughs_is_refused_without_expanding_anything():
    laughs = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">'
        for n in range(1, 10)
    ]
    doctype = "<!DOCTYPE HealthData [\n" + "\n".join(laughs) + "\n]>\n"
    data = f'<?xml version="1.0"?>\n{doctype}<HealthData><Me note="&lol9;"/></HealthData>\n'
    error = failure(data.encode())
    assert "undefined entity" in error.detail and error.line == 14
    # A DOCTYPE the reader does not recognise as the prolog's stays, and defusedxml refuses it.
    hidden = f'<?xml version="1.0"?>\n<!-- <x -->\n{doctype}<HealthData/>\n'
    assert "refused for safety" in failure(hidden.encode()).detail


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=600),
        st.tuples(
            st.integers(0, len(A_DAY)), st.integers(0, len(A_DAY)), st.binary(max_size=40)
        ).map(lambda t: A_DAY[: t[0]] + t[2] + A_DAY[t[1] :]),
        st.binary(max_size=200).map(lambda junk: b"PK\x03\x04" + junk),
        st.binary(max_size=200).map(lambda junk: HEAD.encode() + junk),
    )
)
def test_any_bytes_either_parse_or_are_refused(data):
    try:
        parsed = parse(data)
    except ImportFailed as error:
        assert error.detail
    else:
        assert parsed.source == "apple-health"


# --- Lines and what is left out --------------------------------------------------------------


def test_records_carry_the_line_of_their_element_and_other_types_one_skip_each():
    parsed = parse(A_DAY)
    assert [(type(r), r.line) for r in parsed.records] == [
        (Steps, FIRST_LINE),
        (Workout, FIRST_LINE + 2),
        (Practice, FIRST_LINE + 5),
    ]
    assert parsed.rows == 4
    assert [s.line for s in parsed.skipped] == [FIRST_LINE + 1]


def test_records_inside_a_correlation_are_not_counted_again():
    data = export(
        '<Correlation type="HKCorrelationTypeIdentifierBloodPressure" sourceName="Cuff" '
        'startDate="2024-04-01 08:00:00 +0200" endDate="2024-04-01 08:00:00 +0200">\n  '
        + steps(70, "2024-04-01 08:00:00 +0200", "2024-04-01 08:00:00 +0200")
        + "\n </Correlation>",
        *[record("HKQuantityTypeIdentifierHeartRate", "2024-04-01 09:00:00 +0200", "", "61")] * 3,
    )
    parsed = parse(data)
    assert parsed.records == [] and parsed.rows == 4
    assert [s.reason.split(":")[0] for s in parsed.skipped] == [
        "Blood pressure (HKCorrelationTypeIdentifierBloodPressure)",
        "Heart rate (HKQuantityTypeIdentifierHeartRate)",
    ]
    assert "3 records" in parsed.skipped[1].reason


def test_unreadable_records_of_a_read_type_are_summed_up_not_fatal():
    data = export(
        steps(10, "yesterday", "today"),
        steps(10, "yesterday", "today"),
        record(STEPS, "2024-04-01 10:00:00 +0200", "2024-04-01 10:01:00 +0200", "many"),
        sleep("Dozing", "2024-04-01 01:00:00 +0200", "2024-04-01 02:00:00 +0200"),
    )
    parsed = parse(data)
    assert parsed.records == []
    reasons = [s.reason for s in parsed.skipped]
    assert reasons == [
        "Step count: 2 records not imported (an unreadable date).",
        "Step count: 1 record not imported (a step count that is not a number).",
        "Sleep analysis: 1 record not imported (a sleep value this import does not know).",
    ]


def test_memory_grows_with_days_not_with_records():
    heart = record("HKQuantityTypeIdentifierHeartRate", "2024-04-01 10:06:00 +0200", "", "61")
    walk = steps(12, "2024-04-01 10:05:00 +0200", "2024-04-01 10:06:00 +0200")
    data = export(*[heart, walk] * 15_000)  # 30,000 records, about 6 MB, on one day
    tracemalloc.start()
    try:
        parsed = parse(io.BytesIO(data))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert parsed.rows == 30_000 and parsed.records[0].steps == 180_000
    assert peak < 1_500_000  # the tree kept whole would hold every record's attributes
