"""Writes tests/exchange/data/anxwritter_chart.anx with anxwritter 1.25.0 (MIT), a public .anx writer
that follows ANB 9's element order; the data are invented for Knooppunt's tests."""
import sys

from anxwritter import ANXChart, Card, GradeCollection

chart = ANXChart()
# Grades as lists of names in the chart, items as indexes into them (anxwritter adds "-" for unset).
chart.grades_one = GradeCollection(items=["A", "B", "C", "D", "E", "F"])
chart.grades_two = GradeCollection(items=["1", "2", "3", "4", "5", "6"])
chart.grades_three = GradeCollection(items=["open", "confidential", "police-wpg"])
chart.add_strength("Confirmed", dot_style="DotStyleSolid")
chart.add_strength("Unconfirmed", dot_style="DotStyleDashed")
chart.add_icon(id="P1", type="Person", label="Kees Bakker", date="1970-05-04", x=100, y=100,
               attributes={"Geboortedatum": "1970-05-04", "Nationaliteit": "NL", "Lengte": 182},
               source_type="Politie BVH", source_ref="PL-2023-001", grade_one=1, grade_two=1,
               grade_three=1,
               cards=[Card(summary="Melding", date="2023-01-10", source_type="Meldpunt", source_ref="M-17",
                           grade_one=2, grade_two=2, grade_three=1,
                           description="Gezien bij de loods")])
chart.add_icon(id="P2", type="Woman", label="Els Bakker", x=300, y=100,
               attributes={"Schoenmaat": 39})
chart.add_icon(id="C1", type="Organisation", label="Bakker Transport B.V.", x=200, y=300,
               attributes={"KvK-nummer": "12345678", "Rechtsvorm": "BV"},
               source_type="KvK Handelsregister", source_ref="12345678", grade_one=0, grade_two=0)
chart.add_icon(id="A1", type="Address", label="Havenweg 3, Voorbeeldstad", x=400, y=300)
chart.add_icon(id="S1", type="Ship", label="De Zeemeeuw", x=500, y=300)
chart.add_link(from_id="P1", to_id="C1", type="Director of", arrow="ArrowOnHead", date="2021-03-01",
               strength="Confirmed", attributes={"Geldig vanaf": "2021-03-01", "Geldig tot": "2023-06-30"},
               source_type="KvK Handelsregister", source_ref="12345678", grade_one=0, grade_two=0)
chart.add_link(from_id="P2", to_id="P1", type="Link", label="Sister of", strength="Unconfirmed")
chart.add_link(from_id="C1", to_id="A1", type="Located at", date="2019-05-01")
chart.add_link(from_id="P1", to_id="S1", type="Owner of")
chart.add_link(from_id="P2", to_id="C1", type="Called", date="2023-02-01", time="14:30:00")
chart.to_anx(sys.argv[1])
