"""Writes the binary/encoded fixtures of this folder (run once; the files are committed).

`python tests/importers/data/make_fixtures.py` — kept so a reviewer sees exactly how
the Windows-1252, BOM and .xlsx files were made.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

HERE = Path(__file__).parent


def cp1252_csv() -> None:
    rows = [
        "Meldingsnummer;Ontvangen;Omschrijving;Categorie;Naam;Geboortedatum;BSN;Adres;Rol;KvK-nummer;Bedrijfsnaam;"
        "SBI;Functie;Casusnummer",
        "M-2024-001;05-03-2024;Veel bezoekers 's nachts, café dicht;Horeca;Jan de Vries;12-07-1975;;"
        "Hoofdstraat 12-A bis, 7607 AB Almelo;betrokkene;12345678;Café 't Hoekje B.V.;56101;bestuurder;C-17",
        "M-2024-002;6-3-2024;Nagelstudio zonder klanten;Witwassen;Özlem Yilmaz;01-02-1988;;"
        "Wierdensestraat 5, 7607 GH Almelo;eigenaar;87654321;Beauté Nagels;96022,4778;eigenaar;C-17",
        "M-2024-003;07-03-2024;Hennepgeur;Drugs;Jan de Vries;12-07-1975;;Hoofdstr. 12a bis 7607AB ALMELO;"
        "betrokkene;;;;;C-18",
        "M-2024-004;08-03-2024;Garagebox;Overig;Piet Müller;;;postbus 123, 7600 AA Almelo;melder;;;;;",
    ]
    (HERE / "meldingen_cp1252.csv").write_bytes(("\r\n".join(rows) + "\r\n").encode("cp1252"))
    bad = [*rows[:2], rows[2].replace("6-3-2024", "31-02-2024"), *rows[3:]]
    (HERE / "meldingen_bad_date.csv").write_bytes(("\r\n".join(bad) + "\r\n").encode("cp1252"))


def bom_csv() -> None:
    text = ("Meldingsnummer,Ontvangen,Naam,Adres,KvK-nummer,Bedrijfsnaam\n"
            "M-9,2024-04-01,José Fernández,\"Keizersgracht 123-B, 1015 CJ Amsterdam\",69599084,Test EMZ Dagobert B.V.\n"
            "M-10,02-04-2024,Zoë de Bruijn,\"Hoofdstraat 12a, 7607 AB Almelo\",69599084,\n")
    (HERE / "meldingen_utf8_bom.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))


def two_sheet_xlsx() -> None:
    personen = pd.DataFrame({
        "Naam": ["Jan de Vries", "Fatima el Amrani", "Kees Jansen"],
        "Geboortedatum": [dt.datetime(1975, 7, 12), dt.datetime(1990, 11, 3), "03-01-1960"],
        "Woonadres": ["Hoofdstraat 12-A bis, 7607 AB Almelo", "Grotestraat 1, 7607 CK Almelo",
                      "postbus 55, 7600 AA Almelo"],
        "Casusnummer": ["C-17", "C-17", "C-18"],
        "Rol": ["verdachte", "betrokkene", "melder"],
    })
    bedrijven = pd.DataFrame({
        "KvK-nummer": [1234567, 69599084],  # an integer cell: the leading zero of 01234567 is gone
        "Naam": ["Holding Noord B.V.", "Test EMZ Dagobert B.V."],
        "SBI": ["6420", "56101,9604"],
        "Straat": ["Industrieweg", "Hoofdstraat"],
        "Huisnummer": [7, 12],
        "Postcode": ["7609RX", "7607 AB"],
        "Plaats": ["Almelo", "Almelo"],
        "Casusnummer": ["C-17", "C-17"],
        "Opgericht": [dt.datetime(2019, 5, 1), dt.datetime(2017, 10, 1)],
    })
    with pd.ExcelWriter(HERE / "casus_twee_tabbladen.xlsx", engine="openpyxl") as xl:
        personen.to_excel(xl, sheet_name="Personen", index=False)
        bedrijven.to_excel(xl, sheet_name="Bedrijven", index=False)


def functionarissen_csv() -> None:
    text = ("KvK-nummer;Naam onderneming;Functie;Bevoegdheid;Voornamen;Voorvoegsel;Geslachtsnaam;Geboortedatum;"
            "KvK-nummer functionaris;Datum in functie;Datum uit functie\n"
            "69599084;Test EMZ Dagobert B.V.;Bestuurder;Alleen/zelfstandig bevoegd;Jan;de;Vries;12-07-1975;;"
            "01-10-2017;\n"
            "69599084;Test EMZ Dagobert B.V.;Enig aandeelhouder;;;;;;01234567;01-10-2017;\n"
            "90004973;Autobedrijf Snel;Eigenaar;;Ahmet;;Kaya;05-05-1982;;15-01-2020;\n"
            "90004973;Autobedrijf Snel;Gevolmachtigde;Beperkt bevoegd;Jan;de;Vries;12-07-1975;;01-02-2021;31-12-2022\n")
    (HERE / "kvk_functionarissen.csv").write_bytes(text.encode("cp1252"))
    companies = ("KvK-nummer;Vestigingsnummer;Statutaire naam;Handelsnaam;Rechtsvorm;SBI-code;Straat;Huisnummer;"
                 "Huisletter;Toevoeging;Postcode;Plaats;Datum aanvang\n"
                 "69599084;000038509504;Test EMZ Dagobert B.V.;Café De Gouden Leeuw;Besloten Vennootschap;56101;"
                 "Hoofdstraat;12;A;;7607AB;Almelo;01-10-2017\n"
                 "12345678;000011112222;Recycling Oost B.V.;Schroot Oost;Besloten Vennootschap;4677;Havenweg;3;;"
                 "bis;7609PA;Almelo;20210301\n")
    (HERE / "kvk_bedrijven.csv").write_bytes(companies.encode("utf-8"))


if __name__ == "__main__":
    cp1252_csv()
    bom_csv()
    two_sheet_xlsx()
    functionarissen_csv()
