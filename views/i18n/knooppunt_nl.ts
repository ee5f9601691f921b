<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl" sourcelanguage="en">
<context>
    <name>ActionDialog</name>
    <message>
        <location filename="../vik_forms.py" line="350"/>
        <source>Edit action</source>
        <translation>Actie bewerken</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="350"/>
        <source>New action</source>
        <translation>Nieuwe actie</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="353"/>
        <source>Action</source>
        <translation>Actie</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="354"/>
        <source>Owner</source>
        <translation>Eigenaar</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="357"/>
        <source>Deadline</source>
        <translation>Termijn</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="361"/>
        <source>About</source>
        <translation>Betreft</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="361"/>
        <source>(select on the chart first)</source>
        <translation>(eerst op het schema selecteren)</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="364"/>
        <source>Meeting</source>
        <translation>Overleg</translation>
    </message>
</context>
<context>
    <name>AnalysisPanel</name>
    <message>
        <location filename="../analysis_panel.py" line="325"/>
        <source>Parameters…</source>
        <translation>Parameters…</translation>
    </message>
    <message>
        <location filename="../analysis_panel.py" line="329"/>
        <source>Run again</source>
        <translation>Opnieuw uitvoeren</translation>
    </message>
    <message>
        <location filename="../analysis_panel.py" line="333"/>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <location filename="../analysis_panel.py" line="341"/>
        <source>Add to chart</source>
        <translation>Op schema zetten</translation>
    </message>
    <message>
        <location filename="../analysis_panel.py" line="342"/>
        <source>Add the selected rows (or the first %1) to the chart</source>
        <translation>De geselecteerde rijen (of de eerste %1) op het schema zetten</translation>
    </message>
    <message>
        <location filename="../analysis_panel.py" line="345"/>
        <source>Size by score</source>
        <translation>Grootte naar score</translation>
    </message>
    <message>
        <location filename="../analysis_panel.py" line="347"/>
        <source>Colour by group</source>
        <translation>Kleur naar groep</translation>
    </message>
    <message>
        <location filename="../analysis_panel.py" line="349"/>
        <source>Flag in red</source>
        <translation>Rood markeren</translation>
    </message>
    <message>
        <location filename="../analysis_panel.py" line="350"/>
        <source>Flag the selected rows in red on the chart (Ctrl+A in the table selects them all)</source>
        <translation>De geselecteerde rijen rood markeren op het schema (Ctrl+A in de tabel selecteert ze allemaal)</translation>
    </message>
    <message>
        <location filename="../analysis_panel.py" line="353"/>
        <source>Open evidence</source>
        <translation>Bewijs openen</translation>
    </message>
    <message>
        <location filename="../analysis_panel.py" line="354"/>
        <source>Show the records behind the selected result</source>
        <translation>Toon de records achter het geselecteerde resultaat</translation>
    </message>
    <message numerus="yes">
        <location filename="../analysis_panel.py" line="414"/>
        <source>Select exactly %n entities on the chart first</source>
        <translation>
            <numerusform>Selecteer eerst precies %n entiteit op het schema</numerusform>
            <numerusform>Selecteer eerst precies %n entiteiten op het schema</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../analysis_panel.py" line="428"/>
        <source>Running %1…</source>
        <translation>%1 loopt…</translation>
    </message>
    <message>
        <location filename="../analysis_panel.py" line="452"/>
        <source>Failed: %1</source>
        <translation>Mislukt: %1</translation>
    </message>
    <message>
        <location filename="../analysis_panel.py" line="457"/>
        <source>Cancelled</source>
        <translation>Geannuleerd</translation>
    </message>
    <message numerus="yes">
        <location filename="../analysis_panel.py" line="492"/>
        <source>%1: %n result(s)</source>
        <translation>
            <numerusform>%1: %n resultaat</numerusform>
            <numerusform>%1: %n resultaten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../analysis_panel.py" line="517"/>
        <source>%1: no path of at most %n relations between the two entities (Parameters… to look further)</source>
        <translation>
            <numerusform>%1: geen pad van hoogstens %n relatie tussen de twee entiteiten (Parameters… om verder te zoeken)</numerusform>
            <numerusform>%1: geen pad van hoogstens %n relaties tussen de twee entiteiten (Parameters… om verder te zoeken)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../analysis_panel.py" line="519"/>
        <source>%1: the two entities are not connected (not through anything you may see)</source>
        <translation>%1: de twee entiteiten zijn niet verbonden (niet via iets dat u mag zien)</translation>
    </message>
    <message>
        <location filename="../analysis_panel.py" line="521"/>
        <source>%1: nothing found with these parameters</source>
        <translation>%1: niets gevonden met deze parameters</translation>
    </message>
    <message>
        <location filename="../analysis_panel.py" line="554"/>
        <source>Not on the chart: a click on the row puts it there</source>
        <translation>Niet op het schema: een klik op de rij zet het erop</translation>
    </message>
    <message>
        <location filename="../analysis_panel.py" line="574"/>
        <source>Add analysis results</source>
        <translation>Analyseresultaten toevoegen</translation>
    </message>
    <message numerus="yes">
        <location filename="../analysis_panel.py" line="579"/>
        <source>%n entities added to the chart, %2 were already on it</source>
        <translation>
            <numerusform>%n entiteit op het schema gezet; al op het schema: %2</numerusform>
            <numerusform>%n entiteiten op het schema gezet; al op het schema: %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../analysis_panel.py" line="581"/>
        <source>%n entities added to the chart</source>
        <translation>
            <numerusform>%n entiteit op het schema gezet</numerusform>
            <numerusform>%n entiteiten op het schema gezet</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../analysis_panel.py" line="583"/>
        <source>All %2 are already on the chart</source>
        <translation>Alle %2 staan al op het schema</translation>
    </message>
    <message numerus="yes">
        <location filename="../analysis_panel.py" line="586"/>
        <source>(the first %1; %n more left off: select fewer rows)</source>
        <translation>
            <numerusform>(de eerste %1; %n andere niet: selecteer minder rijen)</numerusform>
            <numerusform>(de eerste %1; %n andere niet: selecteer minder rijen)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../analysis_panel.py" line="597"/>
        <source>None of these results is on the chart: put them on it first (Add to chart)</source>
        <translation>Geen van deze resultaten staat op het schema: zet ze er eerst op (Op schema zetten)</translation>
    </message>
    <message numerus="yes">
        <location filename="../analysis_panel.py" line="607"/>
        <source>%n entities on the chart sized by %2 (Ctrl+Z takes it back)</source>
        <translation>
            <numerusform>%n entiteit op het schema naar grootte van %2 (Ctrl+Z maakt het ongedaan)</numerusform>
            <numerusform>%n entiteiten op het schema naar grootte van %2 (Ctrl+Z maakt het ongedaan)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../analysis_panel.py" line="617"/>
        <source>%n entities on the chart coloured by %2 (Ctrl+Z takes it back)</source>
        <translation>
            <numerusform>%n entiteit op het schema gekleurd naar %2 (Ctrl+Z maakt het ongedaan)</numerusform>
            <numerusform>%n entiteiten op het schema gekleurd naar %2 (Ctrl+Z maakt het ongedaan)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../analysis_panel.py" line="625"/>
        <source>Select the rows to flag in red first (Ctrl+A in the table: all of them)</source>
        <translation>Selecteer eerst de rijen die rood gemarkeerd moeten worden (Ctrl+A in de tabel: allemaal)</translation>
    </message>
    <message numerus="yes">
        <location filename="../analysis_panel.py" line="630"/>
        <source>%n entities on the chart flagged in red (Ctrl+Z takes it back)</source>
        <translation>
            <numerusform>%n entiteit op het schema rood gemarkeerd (Ctrl+Z maakt het ongedaan)</numerusform>
            <numerusform>%n entiteiten op het schema rood gemarkeerd (Ctrl+Z maakt het ongedaan)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../analysis_panel.py" line="649"/>
        <source>Evidence</source>
        <translation>Bewijs</translation>
    </message>
</context>
<context>
    <name>AuditDetails</name>
    <message>
        <location filename="../audit_dialog.py" line="132"/>
        <source>query</source>
        <translation>zoekvraag</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="133"/>
        <source>hits</source>
        <translation>treffers</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="134"/>
        <source>types</source>
        <translation>typen</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="135"/>
        <source>id</source>
        <translation>id</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="136"/>
        <source>ids</source>
        <translation>id&apos;s</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="137"/>
        <source>ids in all</source>
        <translation>id&apos;s in totaal</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="138"/>
        <source>record</source>
        <translation>record</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="139"/>
        <source>records</source>
        <translation>records</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="140"/>
        <source>kind</source>
        <translation>soort</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="141"/>
        <source>cause</source>
        <translation>aanleiding</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="142"/>
        <source>setting</source>
        <translation>instelling</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="143"/>
        <source>value</source>
        <translation>waarde</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="144"/>
        <source>how</source>
        <translation>hoe</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="145"/>
        <source>key generation</source>
        <translation>sleutelgeneratie</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="146"/>
        <location filename="../audit_dialog.py" line="148"/>
        <source>entities</source>
        <translation>entiteiten</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="147"/>
        <location filename="../audit_dialog.py" line="149"/>
        <source>relations</source>
        <translation>relaties</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="150"/>
        <source>rows</source>
        <translation>rijen</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="151"/>
        <source>at most</source>
        <translation>maximaal</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="131"/>
        <source>analysis</source>
        <translation>analyse</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="152"/>
        <location filename="../audit_dialog.py" line="153"/>
        <location filename="../audit_dialog.py" line="246"/>
        <source>file</source>
        <translation>bestand</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="154"/>
        <source>number</source>
        <translation>aantal</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="155"/>
        <source>format</source>
        <translation>formaat</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="156"/>
        <source>audience</source>
        <translation>publiek</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="157"/>
        <source>marking</source>
        <translation>rubricering</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="158"/>
        <source>member</source>
        <translation>lid</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="159"/>
        <source>role</source>
        <translation>rol</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="160"/>
        <source>clearance</source>
        <translation>toegang tot</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="161"/>
        <source>permission</source>
        <translation>recht</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="162"/>
        <source>reason</source>
        <translation>reden</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="163"/>
        <source>name</source>
        <translation>naam</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="164"/>
        <source>size (bytes)</source>
        <translation>grootte (bytes)</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="165"/>
        <source>what</source>
        <translation>wat</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="166"/>
        <source>new</source>
        <translation>nieuw</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="167"/>
        <source>merged</source>
        <translation>samengevoegd</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="168"/>
        <source>unchanged</source>
        <translation>ongewijzigd</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="169"/>
        <source>requested</source>
        <translation>gevraagd</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="170"/>
        <source>before</source>
        <translation>voor</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="171"/>
        <source>after</source>
        <translation>na</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="172"/>
        <source>meeting</source>
        <translation>overleg</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="173"/>
        <source>person</source>
        <translation>persoon</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="174"/>
        <source>hidden</source>
        <translation>verborgen</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="175"/>
        <source>registers</source>
        <translation>registers</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="176"/>
        <source>classification</source>
        <translation>rubricering</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="177"/>
        <source>characters</source>
        <translation>tekens</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="178"/>
        <source>owner</source>
        <translation>eigenaar</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="179"/>
        <source>encrypted</source>
        <translation>versleuteld</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="180"/>
        <source>where</source>
        <translation>waar</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="181"/>
        <source>outcome</source>
        <translation>uitkomst</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="182"/>
        <source>source</source>
        <translation>bron</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="183"/>
        <source>sources</source>
        <translation>bronnen</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="184"/>
        <source>changes</source>
        <translation>wijzigingen</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="185"/>
        <location filename="../audit_dialog.py" line="203"/>
        <source>from</source>
        <translation>van</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="186"/>
        <location filename="../audit_dialog.py" line="204"/>
        <source>to</source>
        <translation>naar</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="187"/>
        <source>depth</source>
        <translation>diepte</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="188"/>
        <source>chart</source>
        <translation>schema</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="189"/>
        <source>command</source>
        <translation>opdracht</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="190"/>
        <source>project</source>
        <translation>project</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="191"/>
        <source>found</source>
        <translation>gevonden</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="192"/>
        <source>warning</source>
        <translation>waarschuwing</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="193"/>
        <source>write generations</source>
        <translation>schrijfbeurten</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="194"/>
        <source>accepted at write</source>
        <translation>aanvaard bij schrijfbeurt</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="195"/>
        <source>in place of write</source>
        <translation>in plaats van schrijfbeurt</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="196"/>
        <source>import specification</source>
        <translation>importspecificatie</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="197"/>
        <source>sheet</source>
        <translation>werkblad</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="198"/>
        <source>rejected</source>
        <translation>afgewezen</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="199"/>
        <source>in all</source>
        <translation>totaal</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="200"/>
        <source>decision</source>
        <translation>besluit</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="201"/>
        <source>entity types</source>
        <translation>entiteittypen</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="202"/>
        <source>relation types</source>
        <translation>relatietypen</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="205"/>
        <source>component of</source>
        <translation>component van</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="206"/>
        <source>record A</source>
        <translation>record A</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="207"/>
        <source>record B</source>
        <translation>record B</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="208"/>
        <source>attempted at</source>
        <translation>geprobeerd op</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="209"/>
        <source>author</source>
        <translation>auteur</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="210"/>
        <source>by</source>
        <translation>door</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="211"/>
        <source>claimed member</source>
        <translation>opgegeven lid</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="212"/>
        <source>copies</source>
        <translation>kopieën</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="213"/>
        <source>deleted</source>
        <translation>verwijderd</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="214"/>
        <source>dossier</source>
        <translation>dossier</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="215"/>
        <source>note on the extract</source>
        <translation>toelichting bij het uittreksel</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="216"/>
        <source>isolation</source>
        <translation>afscherming</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="217"/>
        <source>keys</source>
        <translation>sleutels</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="218"/>
        <source>classifications</source>
        <translation>rubriceringen</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="219"/>
        <source>members</source>
        <translation>leden</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="220"/>
        <source>names changed</source>
        <translation>namen gewijzigd</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="221"/>
        <source>left out</source>
        <translation>weggelaten</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="222"/>
        <source>partitions</source>
        <translation>partities</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="223"/>
        <source>previous clearance</source>
        <translation>vorige toegang</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="224"/>
        <source>previous role</source>
        <translation>vorige rol</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="225"/>
        <source>key replacement</source>
        <translation>sleutelvervanging</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="226"/>
        <source>seconds</source>
        <translation>seconden</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="227"/>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="228"/>
        <source>signing key</source>
        <translation>ondertekeningssleutel</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="229"/>
        <source>slots removed</source>
        <translation>plaatsen verwijderd</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="230"/>
        <source>title</source>
        <translation>titel</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="231"/>
        <source>template</source>
        <translation>sjabloon</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="232"/>
        <source>unauthenticated</source>
        <translation>niet geverifieerd</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="233"/>
        <source>address</source>
        <translation>adres</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="240"/>
        <source>data key</source>
        <translation>gegevenssleutel</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="241"/>
        <source>passphrase</source>
        <translation>wachtwoordzin</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="242"/>
        <source>keyring (GUI)</source>
        <translation>sleutelbos (venster)</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="243"/>
        <source>closure</source>
        <translation>sluiting</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="244"/>
        <source>penalty payment</source>
        <translation>last onder dwangsom</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="245"/>
        <source>watchlist</source>
        <translation>volglijst</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="247"/>
        <source>text</source>
        <translation>tekst</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="248"/>
        <source>sources list</source>
        <translation>bronnenlijst</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="249"/>
        <source>idle or by hand</source>
        <translation>inactief of handmatig</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="250"/>
        <source>OS keyring</source>
        <translation>sleutelbos van het systeem</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="251"/>
        <source>%1 characters</source>
        <translation>%1 tekens</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="252"/>
        <source>&lt;%1 characters, %2&gt;</source>
        <translation>&lt;%1 tekens, %2&gt;</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="253"/>
        <source>&lt;a record, %1&gt;</source>
        <translation>&lt;een record, %1&gt;</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="254"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="255"/>
        <source>no</source>
        <translation>nee</translation>
    </message>
</context>
<context>
    <name>AuditDialog</name>
    <message>
        <location filename="../audit_dialog.py" line="42"/>
        <source>Audit log</source>
        <translation>Auditlog</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="43"/>
        <source>No.</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="44"/>
        <source>Time (UTC)</source>
        <translation>Tijdstip (UTC)</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="45"/>
        <source>Member</source>
        <translation>Lid</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="46"/>
        <source>Action</source>
        <translation>Handeling</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="47"/>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="48"/>
        <source>Check verifies the hash chain and every entry&apos;s signature.</source>
        <translation>Controleren toetst de hashketen en de handtekening van elke regel.</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="49"/>
        <source>Check</source>
        <translation>Controleren</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="50"/>
        <source>%1 entries, newest first</source>
        <translation>%1 regels, nieuwste eerst</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="51"/>
        <source>%1 of %2 entries, newest first</source>
        <translation>%1 van %2 regels, nieuwste eerst</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="52"/>
        <source>Filter on a name, id, member or action…</source>
        <translation>Filteren op naam, id, lid of handeling…</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="53"/>
        <source>Shows the entries that mention this text anywhere: who saw, changed or exported a person, or what one member did</source>
        <translation>Toont de regels waarin deze tekst ergens staat: wie een persoon heeft ingezien, gewijzigd of geëxporteerd, of wat één lid deed</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="56"/>
        <source>Every entry is signed by the member who acted.</source>
        <translation>Elke regel is ondertekend door het lid dat handelde.</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="57"/>
        <source>Entry #%1: the file for label %2 was accepted at write %3 in place of %4, by %5 at %6, reason: %7</source>
        <translation>Regel #%1: het bestand voor label %2 is aanvaard bij schrijfbeurt %3 in plaats van %4, door %5 op %6, reden: %7</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="70"/>
        <source>opened</source>
        <translation>geopend</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="71"/>
        <source>locked</source>
        <translation>vergrendeld</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="72"/>
        <source>search</source>
        <translation>zoekopdracht</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="73"/>
        <source>viewed</source>
        <translation>bekeken</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="74"/>
        <source>import</source>
        <translation>import</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="75"/>
        <source>export</source>
        <translation>export</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="76"/>
        <source>edited</source>
        <translation>gewijzigd</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="77"/>
        <source>deleted</source>
        <translation>verwijderd</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="78"/>
        <source>analysis</source>
        <translation>analyse</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="79"/>
        <source>network loaded</source>
        <translation>netwerk geladen</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="80"/>
        <source>refused</source>
        <translation>geweigerd</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="81"/>
        <source>project created</source>
        <translation>project aangemaakt</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="82"/>
        <source>member added</source>
        <translation>lid toegevoegd</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="83"/>
        <source>member removed</source>
        <translation>lid verwijderd</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="84"/>
        <source>member changed</source>
        <translation>lid gewijzigd</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="85"/>
        <source>key remembered</source>
        <translation>sleutel onthouden</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="86"/>
        <source>passphrase changed</source>
        <translation>wachtwoordzin gewijzigd</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="87"/>
        <source>merged</source>
        <translation>samengevoegd</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="88"/>
        <source>note added</source>
        <translation>notitie toegevoegd</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="89"/>
        <source>document attached</source>
        <translation>document toegevoegd</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="90"/>
        <source>setting changed</source>
        <translation>instelling gewijzigd</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="91"/>
        <source>keys replaced</source>
        <translation>sleutels vervangen</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="92"/>
        <source>VIK alert</source>
        <translation>VIK-attendering</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="93"/>
        <source>VIK alert seen</source>
        <translation>VIK-attendering gezien</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="94"/>
        <source>VIK action added</source>
        <translation>VIK-actie toegevoegd</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="95"/>
        <source>VIK action edited</source>
        <translation>VIK-actie gewijzigd</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="96"/>
        <source>VIK meeting planned</source>
        <translation>VIK-overleg gepland</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="97"/>
        <source>VIK meeting edited</source>
        <translation>VIK-overleg gewijzigd</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="98"/>
        <source>agenda item added</source>
        <translation>agendapunt toegevoegd</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="99"/>
        <source>agenda item decided</source>
        <translation>agendapunt besloten</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="100"/>
        <source>watchlist: added</source>
        <translation>volglijst: toegevoegd</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="101"/>
        <source>watchlist: removed</source>
        <translation>volglijst: verwijderd</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="102"/>
        <source>access request</source>
        <translation>inzageverzoek</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="103"/>
        <source>VIK records purged</source>
        <translation>VIK-records opgeschoond</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="104"/>
        <source>document viewed</source>
        <translation>document bekeken</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="105"/>
        <source>document deleted</source>
        <translation>document verwijderd</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="106"/>
        <source>note edited</source>
        <translation>notitie gewijzigd</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="107"/>
        <source>note deleted</source>
        <translation>notitie verwijderd</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="108"/>
        <source>note restored</source>
        <translation>notitie teruggezet</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="109"/>
        <source>notes searched</source>
        <translation>notities doorzocht</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="110"/>
        <source>documents searched</source>
        <translation>documenten doorzocht</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="111"/>
        <source>records purged</source>
        <translation>records opgeschoond</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="112"/>
        <source>members table restored</source>
        <translation>ledentabel teruggezet</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="113"/>
        <source>project migrated</source>
        <translation>project gemigreerd</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="114"/>
        <source>briefing verified</source>
        <translation>briefing gecontroleerd</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="115"/>
        <source>sent to the server</source>
        <translation>naar de server gestuurd</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="116"/>
        <source>fetched from the server</source>
        <translation>van de server gehaald</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="117"/>
        <source>failed unlock reported</source>
        <translation>mislukte ontgrendeling gemeld</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="118"/>
        <source>member key tampered with</source>
        <translation>sleutel van een lid gemanipuleerd</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="119"/>
        <source>audit warning</source>
        <translation>auditwaarschuwing</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="120"/>
        <source>label files written</source>
        <translation>rubriceringsbestanden geschreven</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="121"/>
        <source>put-back label file accepted</source>
        <translation>teruggezet labelbestand aanvaard</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="122"/>
        <source>main-file rows signed as carried over</source>
        <translation>rijen van het hoofdbestand ondertekend als overgenomen</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="123"/>
        <source>captions recomputed</source>
        <translation>weergavenamen herberekend</translation>
    </message>
    <message>
        <location filename="../audit_dialog.py" line="124"/>
        <source>duplicate pair rejected</source>
        <translation>duplicaatpaar afgewezen</translation>
    </message>
</context>
<context>
    <name>BriefingDialog</name>
    <message>
        <location filename="../briefing_dialog.py" line="40"/>
        <source>Make briefing…</source>
        <translation>Briefing maken…</translation>
    </message>
    <message>
        <location filename="../briefing_dialog.py" line="41"/>
        <source>Classified briefing (PDF or Word) for the driehoek or the RIEC</source>
        <translation>Gerubriceerde briefing (PDF of Word) voor de driehoek of het RIEC</translation>
    </message>
    <message>
        <location filename="../briefing_dialog.py" line="43"/>
        <source>Make a briefing</source>
        <translation>Briefing maken</translation>
    </message>
    <message>
        <location filename="../briefing_dialog.py" line="44"/>
        <location filename="../briefing_dialog.py" line="69"/>
        <source>Chart</source>
        <translation>Schema</translation>
    </message>
    <message>
        <location filename="../briefing_dialog.py" line="45"/>
        <source>The chart on screen</source>
        <translation>Het schema op het scherm</translation>
    </message>
    <message>
        <location filename="../briefing_dialog.py" line="46"/>
        <source>Template</source>
        <translation>Sjabloon</translation>
    </message>
    <message>
        <location filename="../briefing_dialog.py" line="47"/>
        <source>Audience</source>
        <translation>Publiek</translation>
    </message>
    <message>
        <location filename="../briefing_dialog.py" line="48"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location filename="../briefing_dialog.py" line="49"/>
        <source>Case number</source>
        <translation>Dossiernummer</translation>
    </message>
    <message>
        <location filename="../briefing_dialog.py" line="50"/>
        <source>Recipients (one per line)</source>
        <translation>Ontvangers (één per regel)</translation>
    </message>
    <message>
        <location filename="../briefing_dialog.py" line="51"/>
        <location filename="../briefing_dialog.py" line="67"/>
        <source>Summary</source>
        <translation>Samenvatting</translation>
    </message>
    <message>
        <location filename="../briefing_dialog.py" line="52"/>
        <location filename="../briefing_dialog.py" line="68"/>
        <source>Conclusions</source>
        <translation>Conclusies</translation>
    </message>
    <message>
        <location filename="../briefing_dialog.py" line="53"/>
        <source>Sections</source>
        <translation>Onderdelen</translation>
    </message>
    <message>
        <location filename="../briefing_dialog.py" line="54"/>
        <source>File (.pdf or .docx)</source>
        <translation>Bestand (.pdf of .docx)</translation>
    </message>
    <message>
        <location filename="../briefing_dialog.py" line="55"/>
        <source>Browse…</source>
        <translation>Bladeren…</translation>
    </message>
    <message>
        <location filename="../briefing_dialog.py" line="56"/>
        <source>Preview</source>
        <translation>Voorbeeld</translation>
    </message>
    <message>
        <location filename="../briefing_dialog.py" line="57"/>
        <source>Make</source>
        <translation>Maken</translation>
    </message>
    <message>
        <location filename="../briefing_dialog.py" line="58"/>
        <source>No chart: put entities on the chart or save one.</source>
        <translation>Geen schema: zet entiteiten op het schema of sla er een op.</translation>
    </message>
    <message>
        <location filename="../briefing_dialog.py" line="60"/>
        <source>Choose a chart, at least one recipient and a file.</source>
        <translation>Kies een schema, minstens één ontvanger en een bestand.</translation>
    </message>
    <message>
        <location filename="../briefing_dialog.py" line="62"/>
        <source>Working…</source>
        <translation>Bezig…</translation>
    </message>
    <message>
        <location filename="../briefing_dialog.py" line="63"/>
        <source>Made and recorded in the audit log:</source>
        <translation>Gemaakt en vastgelegd in het auditlog:</translation>
    </message>
    <message>
        <location filename="../briefing_dialog.py" line="64"/>
        <source>copy %1 for %2</source>
        <translation>exemplaar %1 voor %2</translation>
    </message>
    <message>
        <location filename="../briefing_dialog.py" line="65"/>
        <source>Briefing preview</source>
        <translation>Voorbeeld briefing</translation>
    </message>
    <message>
        <location filename="../briefing_dialog.py" line="66"/>
        <source>Making the briefing</source>
        <translation>Briefing maken</translation>
    </message>
    <message>
        <location filename="../briefing_dialog.py" line="70"/>
        <source>Persons</source>
        <translation>Personen</translation>
    </message>
    <message>
        <location filename="../briefing_dialog.py" line="71"/>
        <source>Companies</source>
        <translation>Ondernemingen</translation>
    </message>
    <message>
        <location filename="../briefing_dialog.py" line="72"/>
        <source>Addresses</source>
        <translation>Adressen</translation>
    </message>
    <message>
        <location filename="../briefing_dialog.py" line="73"/>
        <source>Timeline</source>
        <translation>Tijdlijn</translation>
    </message>
    <message>
        <location filename="../briefing_dialog.py" line="74"/>
        <source>Sources</source>
        <translation>Bronnen</translation>
    </message>
    <message>
        <location filename="../briefing_dialog.py" line="75"/>
        <source>Annex: analyses</source>
        <translation>Bijlage analyses</translation>
    </message>
    <message>
        <location filename="../briefing_dialog.py" line="76"/>
        <source>What the briefing will hold:</source>
        <translation>Wat er in de briefing komt:</translation>
    </message>
    <message>
        <location filename="../briefing_dialog.py" line="77"/>
        <source>Chart: %1</source>
        <translation>Schema: %1</translation>
    </message>
    <message>
        <location filename="../briefing_dialog.py" line="78"/>
        <source>For: %1</source>
        <translation>Voor: %1</translation>
    </message>
    <message>
        <location filename="../briefing_dialog.py" line="79"/>
        <source>Sections: %1</source>
        <translation>Onderdelen: %1</translation>
    </message>
    <message>
        <location filename="../briefing_dialog.py" line="80"/>
        <source>No section ticked: only the title page and the marking</source>
        <translation>Geen onderdeel aangevinkt: alleen de titelpagina en de rubricering</translation>
    </message>
    <message>
        <location filename="../briefing_dialog.py" line="82"/>
        <source>One numbered copy per recipient</source>
        <translation>Eén genummerd exemplaar per ontvanger</translation>
    </message>
    <message>
        <location filename="../briefing_dialog.py" line="83"/>
        <source>Preview shows page 1 here.</source>
        <translation>Voorbeeld toont hier pagina 1.</translation>
    </message>
    <message>
        <location filename="../briefing_dialog.py" line="84"/>
        <source>Nothing to preview: there is no chart on screen and no saved chart. Put entities on the chart (or save one), then make the briefing.</source>
        <translation>Niets om te tonen: er staat geen schema op het scherm en er is geen opgeslagen schema. Zet entiteiten op het schema (of sla er een op) en maak dan de briefing.</translation>
    </message>
</context>
<context>
    <name>BrowserPanel</name>
    <message>
        <location filename="../panels.py" line="175"/>
        <source>Filter…</source>
        <translation>Filteren…</translation>
    </message>
    <message>
        <location filename="../panels.py" line="233"/>
        <source>Sorting…</source>
        <translation>Sorteren…</translation>
    </message>
    <message>
        <location filename="../panels.py" line="253"/>
        <source>First {shown} of more than {total} matches: refine the filter to see the others</source>
        <translation>Eerste {shown} van meer dan {total} treffers: verfijn het filter om de andere te zien</translation>
    </message>
    <message>
        <location filename="../panels.py" line="254"/>
        <source>First {shown} of {total} matches: refine the filter to see the others</source>
        <translation>Eerste {shown} van {total} treffers: verfijn het filter om de andere te zien</translation>
    </message>
</context>
<context>
    <name>CandidatesDialog</name>
    <message>
        <location filename="../documents_panel.py" line="193"/>
        <source>Identifiers found in the document</source>
        <translation>Gevonden identificatoren in het document</translation>
    </message>
    <message>
        <location filename="../documents_panel.py" line="198"/>
        <source> — already in the project</source>
        <translation> — staat al in het project</translation>
    </message>
    <message>
        <location filename="../documents_panel.py" line="199"/>
        <source> — link as %1</source>
        <translation> — koppelen als %1</translation>
    </message>
    <message>
        <location filename="../documents_panel.py" line="206"/>
        <source>Nothing is created until you tick an identifier and confirm.</source>
        <translation>Er wordt niets aangemaakt tot u een identificator aanvinkt en bevestigt.</translation>
    </message>
    <message>
        <location filename="../documents_panel.py" line="209"/>
        <source>Create ticked</source>
        <translation>Aangevinkte aanmaken</translation>
    </message>
    <message>
        <location filename="../documents_panel.py" line="210"/>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
</context>
<context>
    <name>Chart</name>
    <message>
        <location filename="../chart/scene.py" line="91"/>
        <source>Double-click: add its neighbours</source>
        <translation>Dubbelklik: buren toevoegen</translation>
    </message>
    <message>
        <location filename="../chart/scene.py" line="122"/>
        <source>(ended)</source>
        <translation>(beëindigd)</translation>
    </message>
    <message>
        <location filename="../chart/scene.py" line="125"/>
        <source>Source grading: %1</source>
        <translation>Betrouwbaarheid bron: %1</translation>
    </message>
</context>
<context>
    <name>ChartCommands</name>
    <message>
        <location filename="../chart/commands.py" line="22"/>
        <source>Add 1 item</source>
        <translation>1 item toevoegen</translation>
    </message>
    <message>
        <location filename="../chart/commands.py" line="23"/>
        <source>Add %1 items</source>
        <translation>%1 items toevoegen</translation>
    </message>
    <message>
        <location filename="../chart/commands.py" line="36"/>
        <source>Remove 1 item</source>
        <translation>1 item verwijderen</translation>
    </message>
    <message>
        <location filename="../chart/commands.py" line="37"/>
        <source>Remove %1 items</source>
        <translation>%1 items verwijderen</translation>
    </message>
    <message>
        <location filename="../chart/commands.py" line="50"/>
        <source>Hide</source>
        <translation>Verbergen</translation>
    </message>
    <message>
        <location filename="../chart/commands.py" line="51"/>
        <source>Show</source>
        <translation>Tonen</translation>
    </message>
    <message>
        <location filename="../chart/commands.py" line="63"/>
        <source>Pin</source>
        <translation>Vastzetten</translation>
    </message>
    <message>
        <location filename="../chart/commands.py" line="64"/>
        <source>Unpin</source>
        <translation>Losmaken</translation>
    </message>
    <message>
        <location filename="../chart/commands.py" line="101"/>
        <source>Move</source>
        <translation>Verplaatsen</translation>
    </message>
</context>
<context>
    <name>ChartView</name>
    <message>
        <location filename="../chart/view.py" line="269"/>
        <source>The chart is empty. Find a person, company or address (Ctrl+F) and double-click it to put it here; double-click an entity on the chart to add its neighbours.</source>
        <translation>Het schema is leeg. Zoek een persoon, onderneming of adres (Ctrl+F) en dubbelklik erop om het hier te zetten; dubbelklik op een entiteit in het schema om de buren toe te voegen.</translation>
    </message>
    <message>
        <location filename="../chart/view.py" line="650"/>
        <source>Legend: a click on its title folds or unfolds it, a drag moves it to another corner; View &gt; Legend hides it</source>
        <translation>Legenda: een klik op de titel klapt hem in of uit, sleep de titel naar een andere hoek; Beeld &gt; Legenda verbergt hem</translation>
    </message>
</context>
<context>
    <name>ChartWidget</name>
    <message>
        <location filename="../chart/widget.py" line="82"/>
        <location filename="../chart/widget.py" line="292"/>
        <location filename="../chart/widget.py" line="300"/>
        <source>Expand</source>
        <translation>Uitbreiden</translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="83"/>
        <source>Add the neighbours of the selected entities (E)</source>
        <translation>Voeg de buren van de geselecteerde entiteiten toe (E)</translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="84"/>
        <source>Hide</source>
        <translation>Verbergen</translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="84"/>
        <source>Hide the selection (H)</source>
        <translation>Verberg de selectie (H)</translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="85"/>
        <source>Show hidden</source>
        <translation>Verborgen tonen</translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="86"/>
        <source>Show the hidden entities again (Shift+H)</source>
        <translation>Toon de verborgen entiteiten weer (Shift+H)</translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="87"/>
        <source>Remove</source>
        <translation>Verwijderen</translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="88"/>
        <source>Remove the selection from the chart (Del)</source>
        <translation>Verwijder de selectie van het schema (Del)</translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="89"/>
        <source>Pin</source>
        <translation>Vastzetten</translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="90"/>
        <source>Pin or unpin: pinned entities keep their place in layouts (P)</source>
        <translation>Vastzetten of losmaken: vastgezette entiteiten houden hun plek bij een nieuwe indeling (P)</translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="91"/>
        <source>Fit</source>
        <translation>Passend</translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="91"/>
        <source>Show the whole chart (F)</source>
        <translation>Toon het hele schema (F)</translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="92"/>
        <source>Zoom in</source>
        <translation>Inzoomen</translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="94"/>
        <source>Zoom out</source>
        <translation>Uitzoomen</translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="96"/>
        <source>Select all</source>
        <translation>Alles selecteren</translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="98"/>
        <location filename="../chart/widget.py" line="340"/>
        <source>Clear styling</source>
        <translation>Opmaak wissen</translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="99"/>
        <source>Plain sizes and colours, no red flags (Ctrl+Z brings them back)</source>
        <translation>Gewone grootte en kleuren, geen rode vlaggen (Ctrl+Z zet ze terug)</translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="100"/>
        <source>Link labels</source>
        <translation>Teksten bij verbindingen</translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="101"/>
        <source>Show or hide the text on links (L)</source>
        <translation>Tekst bij verbindingen tonen of verbergen (L)</translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="104"/>
        <source>Legend</source>
        <translation>Legenda</translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="105"/>
        <source>Show or hide the legend on the chart (it is in every export)</source>
        <translation>Legenda op het schema tonen of verbergen (elke export bevat hem)</translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="107"/>
        <source>Fold the legend</source>
        <translation>Legenda inklappen</translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="119"/>
        <location filename="../chart/widget.py" line="134"/>
        <source>Undo</source>
        <translation>Ongedaan maken</translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="121"/>
        <location filename="../chart/widget.py" line="135"/>
        <source>Redo</source>
        <translation>Opnieuw</translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="147"/>
        <source>Force-directed</source>
        <translation>Krachtgestuurd</translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="147"/>
        <source>Hierarchical</source>
        <translation>Hiërarchisch</translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="148"/>
        <source>Circular</source>
        <translation>Cirkel</translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="148"/>
        <source>Grouped by type</source>
        <translation>Gegroepeerd per type</translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="213"/>
        <source>Show details</source>
        <translation>Details tonen</translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="286"/>
        <source>Showing the first %1 neighbours only</source>
        <translation>Alleen de eerste %1 buren getoond</translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="288"/>
        <source>No further neighbours</source>
        <translation>Geen verdere buren</translation>
    </message>
    <message numerus="yes">
        <location filename="../chart/widget.py" line="422"/>
        <source>%n entities of this chart are no longer visible to you</source>
        <translation>
            <numerusform>%n entiteit van dit schema is niet meer zichtbaar voor u</numerusform>
            <numerusform>%n entiteiten van dit schema zijn niet meer zichtbaar voor u</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="146"/>
        <location filename="../chart/widget.py" line="376"/>
        <source>Layout</source>
        <translation>Indeling</translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="108"/>
        <source>Only the legend&apos;s title on the chart (a click on the title folds or unfolds it too; drag the title to another corner)</source>
        <translation>Alleen de titel van de legenda op het schema (een klik op de titel klapt hem ook in of uit; sleep de titel naar een andere hoek)</translation>
    </message>
    <message numerus="yes">
        <location filename="../chart/widget.py" line="293"/>
        <source>%n entities added</source>
        <translation>
            <numerusform>%n entiteit toegevoegd</numerusform>
            <numerusform>%n entiteiten toegevoegd</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="315"/>
        <source>Select the entities to hide first</source>
        <translation>Selecteer eerst de entiteiten die u wilt verbergen</translation>
    </message>
    <message numerus="yes">
        <location filename="../chart/widget.py" line="318"/>
        <source>%n entities hidden (%2 in all): Show hidden (Shift+H) brings them back</source>
        <translation>
            <numerusform>%n entiteit verborgen (%2 in totaal): Verborgen tonen (Shift+H) haalt ze terug</numerusform>
            <numerusform>%n entiteiten verborgen (%2 in totaal): Verborgen tonen (Shift+H) haalt ze terug</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="324"/>
        <source>Nothing on the chart is hidden</source>
        <translation>Er is niets verborgen op het schema</translation>
    </message>
    <message numerus="yes">
        <location filename="../chart/widget.py" line="327"/>
        <source>%n hidden entities shown again</source>
        <translation>
            <numerusform>%n verborgen entiteit weer getoond</numerusform>
            <numerusform>%n verborgen entiteiten weer getoond</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="341"/>
        <source>Styling cleared (Ctrl+Z brings it back)</source>
        <translation>Opmaak gewist (Ctrl+Z zet hem terug)</translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="343"/>
        <source>The chart has no styling to clear</source>
        <translation>Het schema heeft geen opmaak om te wissen</translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="383"/>
        <source>Computing layout…</source>
        <translation>Indeling berekenen…</translation>
    </message>
    <message>
        <location filename="../chart/widget.py" line="406"/>
        <source>Chart “%1” saved</source>
        <translation>Schema “%1” opgeslagen</translation>
    </message>
</context>
<context>
    <name>DetailPanel</name>
    <message>
        <location filename="../panels.py" line="363"/>
        <source>No entity selected</source>
        <translation>Geen entiteit geselecteerd</translation>
    </message>
    <message>
        <location filename="../panels.py" line="371"/>
        <source>Add to chart</source>
        <translation>Op schema zetten</translation>
    </message>
    <message>
        <location filename="../panels.py" line="372"/>
        <source>Add with neighbours</source>
        <translation>Met buren op schema</translation>
    </message>
    <message>
        <location filename="../panels.py" line="380"/>
        <source>Properties</source>
        <translation>Eigenschappen</translation>
    </message>
    <message>
        <location filename="../panels.py" line="383"/>
        <source>Grading and security</source>
        <translation>Waardering en rubricering</translation>
    </message>
    <message>
        <location filename="../panels.py" line="385"/>
        <source>Source</source>
        <translation>Bron</translation>
    </message>
    <message>
        <location filename="../panels.py" line="385"/>
        <source>Reference</source>
        <translation>Kenmerk</translation>
    </message>
    <message>
        <location filename="../panels.py" line="385"/>
        <source>Received</source>
        <translation>Ontvangen</translation>
    </message>
    <message>
        <location filename="../panels.py" line="385"/>
        <location filename="../panels.py" line="390"/>
        <source>Grading</source>
        <translation>Waardering</translation>
    </message>
    <message>
        <location filename="../panels.py" line="386"/>
        <source>Added by</source>
        <translation>Toegevoegd door</translation>
    </message>
    <message>
        <location filename="../panels.py" line="387"/>
        <source>Provenance</source>
        <translation>Herkomst</translation>
    </message>
    <message>
        <location filename="../panels.py" line="389"/>
        <source>Relation</source>
        <translation>Relatie</translation>
    </message>
    <message>
        <location filename="../panels.py" line="389"/>
        <source>Entity</source>
        <translation>Entiteit</translation>
    </message>
    <message>
        <location filename="../panels.py" line="389"/>
        <source>From</source>
        <translation>Van</translation>
    </message>
    <message>
        <location filename="../panels.py" line="389"/>
        <source>To</source>
        <translation>Tot</translation>
    </message>
    <message>
        <location filename="../panels.py" line="390"/>
        <source>Label</source>
        <translation>Rubricering</translation>
    </message>
    <message>
        <location filename="../panels.py" line="392"/>
        <source>Relations</source>
        <translation>Relaties</translation>
    </message>
    <message>
        <location filename="../panels.py" line="395"/>
        <source>Timeline of relations</source>
        <translation>Tijdlijn van relaties</translation>
    </message>
    <message>
        <location filename="../panels.py" line="437"/>
        <source>from %1</source>
        <translation>vanaf %1</translation>
    </message>
    <message>
        <location filename="../panels.py" line="439"/>
        <source>until %1</source>
        <translation>tot %1</translation>
    </message>
    <message>
        <location filename="../panels.py" line="440"/>
        <source>not known</source>
        <translation>onbekend</translation>
    </message>
    <message>
        <location filename="../panels.py" line="446"/>
        <location filename="../panels.py" line="499"/>
        <source>Not found or not visible to you: %1</source>
        <translation>Niet gevonden of niet zichtbaar voor u: %1</translation>
    </message>
    <message>
        <location filename="../panels.py" line="473"/>
        <source>Grading:</source>
        <translation>Waardering:</translation>
    </message>
    <message>
        <location filename="../panels.py" line="474"/>
        <source>Security label:</source>
        <translation>Rubricering:</translation>
    </message>
    <message>
        <location filename="../panels.py" line="475"/>
        <source>Valid:</source>
        <translation>Geldig:</translation>
    </message>
    <message>
        <location filename="../panels.py" line="476"/>
        <source>Created:</source>
        <translation>Aangemaakt:</translation>
    </message>
    <message>
        <location filename="../panels.py" line="478"/>
        <source>Updated:</source>
        <translation>Gewijzigd:</translation>
    </message>
    <message>
        <location filename="../panels.py" line="521"/>
        <location filename="../panels.py" line="544"/>
        <source>Relations (%1)</source>
        <translation>Relaties (%1)</translation>
    </message>
</context>
<context>
    <name>DocumentsPanel</name>
    <message>
        <location filename="../documents_panel.py" line="60"/>
        <source>Attach document…</source>
        <translation>Document toevoegen…</translation>
    </message>
    <message>
        <location filename="../documents_panel.py" line="62"/>
        <source>Open</source>
        <translation>Openen</translation>
    </message>
    <message>
        <location filename="../documents_panel.py" line="64"/>
        <source>Close opened documents</source>
        <translation>Geopende documenten sluiten</translation>
    </message>
    <message>
        <location filename="../documents_panel.py" line="66"/>
        <source>Identifiers found…</source>
        <translation>Gevonden identificatoren…</translation>
    </message>
    <message>
        <location filename="../documents_panel.py" line="90"/>
        <source>Documents (%1)</source>
        <translation>Documenten (%1)</translation>
    </message>
    <message>
        <location filename="../documents_panel.py" line="105"/>
        <source>Attach document</source>
        <translation>Document toevoegen</translation>
    </message>
    <message>
        <location filename="../documents_panel.py" line="117"/>
        <source>Documents — reading %1…</source>
        <translation>Documenten — %1 wordt gelezen…</translation>
    </message>
</context>
<context>
    <name>EntityTableModel</name>
    <message>
        <location filename="../models.py" line="71"/>
        <source>Name</source>
        <translation>Naam</translation>
    </message>
    <message>
        <location filename="../models.py" line="71"/>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <location filename="../models.py" line="71"/>
        <source>Grading</source>
        <translation>Waardering</translation>
    </message>
    <message>
        <location filename="../models.py" line="72"/>
        <source>Valid from</source>
        <translation>Geldig vanaf</translation>
    </message>
    <message>
        <location filename="../models.py" line="71"/>
        <source>Type</source>
        <translation>Soort</translation>
    </message>
    <message>
        <location filename="../models.py" line="72"/>
        <source>Valid to</source>
        <translation>Geldig tot</translation>
    </message>
    <message>
        <location filename="../models.py" line="72"/>
        <source>Label</source>
        <translation>Rubricering</translation>
    </message>
    <message>
        <location filename="../models.py" line="72"/>
        <source>Source</source>
        <translation>Bron</translation>
    </message>
    <message>
        <location filename="../models.py" line="231"/>
        <source>Sorting</source>
        <translation>Sorteren</translation>
    </message>
</context>
<context>
    <name>ExchangeMenus</name>
    <message>
        <location filename="../exchange_menu.py" line="159"/>
        <location filename="../exchange_menu.py" line="184"/>
        <source>Analyst&apos;s Notebook (.anx)…</source>
        <translation>Analyst&apos;s Notebook (.anx)…</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="159"/>
        <source>Analyst&apos;s Notebook chart (*.anx)</source>
        <translation>Analyst&apos;s Notebook-grafiek (*.anx)</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="160"/>
        <source>GraphML (yEd, Cytoscape)…</source>
        <translation>GraphML (yEd, Cytoscape)…</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="160"/>
        <source>GraphML (*.graphml)</source>
        <translation>GraphML (*.graphml)</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="161"/>
        <location filename="../exchange_menu.py" line="185"/>
        <source>GEXF (Gephi)…</source>
        <translation>GEXF (Gephi)…</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="161"/>
        <source>GEXF (*.gexf)</source>
        <translation>GEXF (*.gexf)</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="162"/>
        <location filename="../exchange_menu.py" line="185"/>
        <source>FollowTheMoney (Aleph)…</source>
        <translation>FollowTheMoney (Aleph)…</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="163"/>
        <source>FollowTheMoney JSON lines (*.ftm *.ijson *.json)</source>
        <translation>FollowTheMoney JSON-regels (*.ftm *.ijson *.json)</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="164"/>
        <source>Entity list as CSV…</source>
        <translation>Entiteitenlijst als CSV…</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="164"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="165"/>
        <source>Entity list as Excel…</source>
        <translation>Entiteitenlijst als Excel…</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="165"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel-werkmap (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="168"/>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="168"/>
        <source>Confidential</source>
        <translation>Vertrouwelijk</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="169"/>
        <source>Police data (WPG)</source>
        <translation>Politiegegevens (Wpg)</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="169"/>
        <source>FIOD / tax secrecy</source>
        <translation>FIOD / fiscaal geheim</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="177"/>
        <source>Export to</source>
        <translation>Exporteren naar</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="183"/>
        <source>Import from</source>
        <translation>Importeren uit</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="184"/>
        <source>GraphML…</source>
        <translation>GraphML…</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="201"/>
        <source>, %1 already in the project unchanged</source>
        <translation>, %1 al ongewijzigd in het project</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="230"/>
        <source>Audience</source>
        <translation>Ontvangers</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="230"/>
        <source>Who receives this export?</source>
        <translation>Wie ontvangt deze export?</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="239"/>
        <location filename="../exchange_menu.py" line="260"/>
        <location filename="../exchange_menu.py" line="268"/>
        <source>Export</source>
        <translation>Exporteren</translation>
    </message>
    <message numerus="yes">
        <location filename="../exchange_menu.py" line="257"/>
        <source>%n entities exported to %2 (%3)</source>
        <translation>
            <numerusform>%n entiteit geëxporteerd naar %2 (%3)</numerusform>
            <numerusform>%n entiteiten geëxporteerd naar %2 (%3)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../exchange_menu.py" line="261"/>
        <source>%n items were left out of the export (see the details).</source>
        <translation>
            <numerusform>%n onderdeel is uit de export weggelaten (zie de details).</numerusform>
            <numerusform>%n onderdelen zijn uit de export weggelaten (zie de details).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../exchange_menu.py" line="337"/>
        <source>%n items could not be imported.</source>
        <translation>
            <numerusform>%n item kon niet worden geïmporteerd.</numerusform>
            <numerusform>%n items konden niet worden geïmporteerd.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="305"/>
        <location filename="../exchange_menu.py" line="336"/>
        <location filename="../exchange_menu.py" line="344"/>
        <source>Import</source>
        <translation>Importeren</translation>
    </message>
    <message numerus="yes">
        <location filename="../exchange_menu.py" line="195"/>
        <source>%n entities</source>
        <translation>
            <numerusform>%n entiteit</numerusform>
            <numerusform>%n entiteiten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../exchange_menu.py" line="196"/>
        <source>%n relations</source>
        <translation>
            <numerusform>%n relatie</numerusform>
            <numerusform>%n relaties</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="197"/>
        <source>%1: %2 and %3 new or merged</source>
        <translation>%1: %2 en %3 nieuw of samengevoegd</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="305"/>
        <source>All files (*)</source>
        <translation>Alle bestanden (*)</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="330"/>
        <source>Importing %1: %2</source>
        <translation>%1 importeren: %2</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="331"/>
        <source>records</source>
        <translation>records</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <location filename="../chart/export.py" line="57"/>
        <source>OPEN</source>
        <translation>OPEN</translation>
    </message>
    <message>
        <location filename="../chart/export.py" line="58"/>
        <source>CONFIDENTIAL</source>
        <translation>VERTROUWELIJK</translation>
    </message>
    <message>
        <location filename="../chart/export.py" line="59"/>
        <source>POLICE DATA (WPG)</source>
        <translation>POLITIEGEGEVENS (WPG)</translation>
    </message>
    <message>
        <location filename="../chart/export.py" line="60"/>
        <source>FIOD / TAX SECRECY</source>
        <translation>FIOD / FISCAAL GEHEIM</translation>
    </message>
    <message>
        <location filename="../chart/export.py" line="62"/>
        <source>CLASSIFICATION: %1</source>
        <translation>RUBRICERING: %1</translation>
    </message>
    <message>
        <location filename="../chart/export.py" line="262"/>
        <source>Let the layout move (physics)</source>
        <translation>Indeling laten bewegen (fysica)</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <location filename="../import_wizard.py" line="88"/>
        <source>Choose a file</source>
        <translation>Kies een bestand</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="92"/>
        <source>Browse…</source>
        <translation>Bladeren…</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="103"/>
        <source>File:</source>
        <translation>Bestand:</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="104"/>
        <source>Sheet:</source>
        <translation>Werkblad:</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="110"/>
        <source>Import file</source>
        <translation>Bestand importeren</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="89"/>
        <source>A CSV (any delimiter or encoding), an Excel workbook (.xlsx), or a network: Pajek (.net) or UCINET DL (.dl).</source>
        <translation>Een CSV (elk scheidingsteken of elke codering), een Excel-werkmap (.xlsx) of een netwerk: Pajek (.net) of UCINET DL (.dl).</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="111"/>
        <source>Tables and networks (*.csv *.txt *.xlsx *.xlsm *.net *.paj *.dl);;All files (*)</source>
        <translation>Tabellen en netwerken (*.csv *.txt *.xlsx *.xlsm *.net *.paj *.dl);;Alle bestanden (*)</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="129"/>
        <source>%1: there is no such file</source>
        <translation>%1: dit bestand bestaat niet</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="131"/>
        <source>%1 is a folder: choose a file in it</source>
        <translation>%1 is een map: kies een bestand daarin</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="133"/>
        <source>%1: you may not read this file</source>
        <translation>%1: u mag dit bestand niet lezen</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="135"/>
        <source>%1 cannot be read (%2)</source>
        <translation>%1 is niet te lezen (%2)</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="145"/>
        <source>From</source>
        <translation>Van</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="145"/>
        <source>To</source>
        <translation>Naar</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="145"/>
        <source>Value</source>
        <translation>Waarde</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="145"/>
        <source>Relation</source>
        <translation>Relatie</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="151"/>
        <source>The file holds no rows</source>
        <translation>Het bestand bevat geen rijen</translation>
    </message>
</context>
<context>
    <name>ImportTypesDialog</name>
    <message>
        <location filename="../exchange_menu.py" line="51"/>
        <source>Types for the import</source>
        <translation>Soorten voor de import</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="53"/>
        <source>%1 nodes and %2 edges in %3 name no type. Import them as:</source>
        <translation>%1 knopen en %2 verbindingen in %3 noemen geen soort. Importeer ze als:</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="60"/>
        <source>Entity type of the nodes</source>
        <translation>Soort entiteit van de knopen</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="63"/>
        <source>one type for every node</source>
        <translation>één soort voor elke knoop</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="64"/>
        <source>the node attribute %1 (%2 values)</source>
        <translation>het knoopkenmerk %1 (%2 waarden)</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="64"/>
        <source>Entity type from</source>
        <translation>Soort entiteit uit</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="67"/>
        <source>Relation type of the edges</source>
        <translation>Soort relatie van de verbindingen</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="70"/>
        <source>one type for every edge</source>
        <translation>één soort voor elke verbinding</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="70"/>
        <source>the edge attribute %1 (%2 values)</source>
        <translation>het verbindingskenmerk %1 (%2 waarden)</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="71"/>
        <source>Relation type from</source>
        <translation>Soort relatie uit</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="73"/>
        <source>Import</source>
        <translation>Importeren</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="74"/>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="112"/>
        <source>%1 (%2 edges)</source>
        <translation>%1 (%2 verbindingen)</translation>
    </message>
    <message>
        <location filename="../exchange_menu.py" line="123"/>
        <source>%1 (%2 nodes)</source>
        <translation>%1 (%2 knopen)</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <location filename="../import_wizard.py" line="841"/>
        <source>Import wizard</source>
        <translation>Importwizard</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="849"/>
        <source>Next &gt;</source>
        <translation>Volgende &gt;</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="864"/>
        <source>Save import specification</source>
        <translation>Importspecificatie opslaan</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="866"/>
        <source>Import specifications (*.yaml)</source>
        <translation>Importspecificaties (*.yaml)</translation>
    </message>
</context>
<context>
    <name>KvkImport</name>
    <message>
        <location filename="../kvk_import.py" line="22"/>
        <source>KvK data (JSON)…</source>
        <translation>KvK-gegevens (JSON)…</translation>
    </message>
    <message>
        <location filename="../kvk_import.py" line="23"/>
        <source>KvK API responses: Basisprofiel, Vestigingsprofiel, Zoeken, Naamgeving</source>
        <translation>Antwoorden van de KvK-API: Basisprofiel, Vestigingsprofiel, Zoeken, Naamgeving</translation>
    </message>
    <message>
        <location filename="../kvk_import.py" line="28"/>
        <source>Import KvK data</source>
        <translation>KvK-gegevens importeren</translation>
    </message>
    <message>
        <location filename="../kvk_import.py" line="33"/>
        <source>1 file imported: %2 new and %3 merged entities, %4 new and %5 merged relations.</source>
        <translation>1 bestand geïmporteerd: %2 nieuwe en %3 samengevoegde entiteiten, %4 nieuwe en %5 samengevoegde relaties.</translation>
    </message>
    <message>
        <location filename="../kvk_import.py" line="35"/>
        <source>%1 files imported: %2 new and %3 merged entities, %4 new and %5 merged relations.</source>
        <translation>%1 bestanden geïmporteerd: %2 nieuwe en %3 samengevoegde entiteiten, %4 nieuwe en %5 samengevoegde relaties.</translation>
    </message>
    <message>
        <location filename="../kvk_import.py" line="44"/>
        <source>1 record was rejected (see the details).</source>
        <translation>1 record is afgewezen (zie de details).</translation>
    </message>
    <message>
        <location filename="../kvk_import.py" line="45"/>
        <source>%1 records were rejected (see the details).</source>
        <translation>%1 records zijn afgewezen (zie de details).</translation>
    </message>
    <message>
        <location filename="../kvk_import.py" line="55"/>
        <source>KvK API responses (*.json);;All files (*)</source>
        <translation>KvK-API-antwoorden (*.json);;Alle bestanden (*)</translation>
    </message>
</context>
<context>
    <name>Legend</name>
    <message>
        <location filename="../chart/legend.py" line="36"/>
        <source>Legend</source>
        <translation>Legenda</translation>
    </message>
    <message>
        <location filename="../chart/legend.py" line="51"/>
        <source>current relation</source>
        <translation>lopende relatie</translation>
    </message>
    <message>
        <location filename="../chart/legend.py" line="53"/>
        <source>ended relation (dashed)</source>
        <translation>beëindigde relatie (gestreept)</translation>
    </message>
    <message>
        <location filename="../chart/legend.py" line="55"/>
        <source>direction (source → target)</source>
        <translation>richting (van → naar)</translation>
    </message>
    <message>
        <location filename="../chart/legend.py" line="57"/>
        <source>restricted label (see the marking)</source>
        <translation>beperkte rubricering (zie de markering)</translation>
    </message>
    <message>
        <location filename="../chart/legend.py" line="59"/>
        <source>red flag</source>
        <translation>rode vlag</translation>
    </message>
    <message>
        <location filename="../chart/legend.py" line="61"/>
        <source>analysis score</source>
        <translation>analysescore</translation>
    </message>
    <message>
        <location filename="../chart/legend.py" line="62"/>
        <source>size: %1</source>
        <translation>grootte: %1</translation>
    </message>
    <message>
        <location filename="../chart/legend.py" line="64"/>
        <source>analysis group</source>
        <translation>analysegroep</translation>
    </message>
    <message>
        <location filename="../chart/legend.py" line="65"/>
        <source>fill: %1 (type as ring)</source>
        <translation>vulling: %1 (soort als rand)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="74"/>
        <source>The project is locked.</source>
        <translation>Het project is vergrendeld.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="103"/>
        <location filename="../main_window.py" line="797"/>
        <source>Search</source>
        <translation>Zoeken</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="104"/>
        <source>Browse</source>
        <translation>Bladeren</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="111"/>
        <source>Find</source>
        <translation>Vinden</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="112"/>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="120"/>
        <source>Unlocked as %1 (%2)</source>
        <translation>Ontgrendeld als %1 (%2)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="155"/>
        <source>If this copy is the one to keep (restored from a backup on purpose), ask an owner of the project to accept it; otherwise ask them to put the latest copy back.</source>
        <translation>Is dit de kopie die moet blijven (bewust uit een back-up teruggezet), vraag een eigenaar van het project om haar te aanvaarden; anders om de laatste kopie terug te zetten.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="158"/>
        <source>Project opened with warnings</source>
        <translation>Project geopend met waarschuwingen</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="162"/>
        <source>Accept…</source>
        <translation>Accepteren…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="163"/>
        <source>Keep the label file as it is now: what was written to it after this copy is lost, and the open no longer warns about it</source>
        <translation>Het labelbestand houden zoals het nu is: wat er na deze kopie in was geschreven, is verloren, en het openen waarschuwt er niet meer voor</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="182"/>
        <source>Knooppunt found a problem while reading</source>
        <translation>Knooppunt vond een probleem bij het lezen</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="192"/>
        <location filename="../main_window.py" line="206"/>
        <source>Accept the label file as it is</source>
        <translation>Labelbestand aanvaarden zoals het is</translation>
    </message>
    <message numerus="yes">
        <location filename="../main_window.py" line="193"/>
        <source>Label file(s): %1. What was written after this copy is lost. Reason (every member can read it in the audit log):</source>
        <translation>
            <numerusform>Labelbestand: %1. Wat er na deze kopie in was geschreven, is verloren. Reden (elk lid kan die in het auditlog lezen):</numerusform>
            <numerusform>Labelbestanden: %1. Wat er na deze kopie in was geschreven, is verloren. Reden (elk lid kan die in het auditlog lezen):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../main_window.py" line="209"/>
        <source>Accepted as kept: the file(s) for label %1 (signed in the audit log)</source>
        <translation>
            <numerusform>Aanvaard als te houden: het bestand voor %1 (ondertekend in het auditlog)</numerusform>
            <numerusform>Aanvaard als te houden: de bestanden voor %1 (ondertekend in het auditlog)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../main_window.py" line="226"/>
        <source>(unnamed)</source>
        <translation>(naamloos)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="227"/>
        <source>The unsaved chart %1 of your last session was restored (autosave of %2)</source>
        <translation>Het niet-opgeslagen schema %1 van uw vorige sessie is hersteld (automatisch bewaard op %2)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="249"/>
        <source>Autosave failed: %1</source>
        <translation>Automatisch bewaren mislukt: %1</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="258"/>
        <source>VIK</source>
        <translation>VIK</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="269"/>
        <location filename="../main_window.py" line="705"/>
        <source>New alerts: see the VIK alerts</source>
        <translation>Nieuwe attenderingen: zie VIK, Attenderingen</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="291"/>
        <source>Knooppunt — locked</source>
        <translation>Knooppunt — vergrendeld</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="312"/>
        <source>The project is locked. Unlock it to continue.</source>
        <translation>Het project is vergrendeld. Ontgrendel het om verder te werken.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="316"/>
        <source>Unlock…</source>
        <translation>Ontgrendelen…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="354"/>
        <source>&amp;Project</source>
        <translation>&amp;Project</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="355"/>
        <source>Open project…</source>
        <translation>Project openen…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="356"/>
        <source>Switch to another project (asks about unsaved work first)</source>
        <translation>Naar een ander project overstappen (vraagt eerst naar niet-opgeslagen werk)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="357"/>
        <source>Recent projects</source>
        <translation>Recente projecten</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="360"/>
        <source>Find…</source>
        <translation>Zoeken…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="361"/>
        <location filename="../main_window.py" line="806"/>
        <source>Lock</source>
        <translation>Vergrendelen</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="361"/>
        <source>Close the project until it is unlocked</source>
        <translation>Sluit het project tot het weer ontgrendeld wordt</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="362"/>
        <source>Preferences…</source>
        <translation>Voorkeuren…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="363"/>
        <source>Audit log…</source>
        <translation>Auditlog…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="364"/>
        <source>Who did what and when; check the chain and the signatures</source>
        <translation>Wie deed wat en wanneer; controleer de keten en de handtekeningen</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="367"/>
        <source>Your role may not read the audit log</source>
        <translation>Uw rol mag het auditlog niet lezen</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="372"/>
        <source>Quit</source>
        <translation>Afsluiten</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="374"/>
        <source>&amp;Chart</source>
        <translation>&amp;Schema</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="376"/>
        <source>New chart</source>
        <translation>Nieuw schema</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="377"/>
        <source>Open chart</source>
        <translation>Schema openen</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="379"/>
        <location filename="../main_window.py" line="548"/>
        <location filename="../main_window.py" line="554"/>
        <location filename="../main_window.py" line="805"/>
        <source>Save chart</source>
        <translation>Schema opslaan</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="380"/>
        <source>Save chart as…</source>
        <translation>Schema opslaan als…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="381"/>
        <source>Export…</source>
        <translation>Exporteren…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="382"/>
        <source>PNG, SVG or PDF at print resolution, or interactive HTML</source>
        <translation>PNG, SVG of PDF op afdrukresolutie, of interactieve HTML</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="385"/>
        <source>Your role may not export</source>
        <translation>Uw rol mag niet exporteren</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="394"/>
        <source>Layout</source>
        <translation>Indeling</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="399"/>
        <source>&amp;Import</source>
        <translation>&amp;Importeren</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="400"/>
        <source>Import file…</source>
        <translation>Bestand importeren…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="401"/>
        <source>Import a CSV or Excel file with an import specification</source>
        <translation>Importeer een CSV- of Excel-bestand met een importspecificatie</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="405"/>
        <source>Duplicate persons…</source>
        <translation>Dubbele personen…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="406"/>
        <source>Persons that may be one: confirm or reject each pair</source>
        <translation>Personen die mogelijk dezelfde zijn: bevestig of verwerp elk paar</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="411"/>
        <source>The importers package is not installed</source>
        <translation>Het importpakket is niet geïnstalleerd</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="416"/>
        <source>Your role may not import</source>
        <translation>Uw rol mag niet importeren</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="421"/>
        <source>&amp;Analysis</source>
        <translation>&amp;Analyse</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="425"/>
        <source>No analyses available</source>
        <translation>Geen analyses beschikbaar</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="427"/>
        <source>The analysis package (graph.analysis) is not installed</source>
        <translation>Het analysepakket (graph.analysis) is niet geïnstalleerd</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="434"/>
        <source>&amp;View</source>
        <translation>&amp;Beeld</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="435"/>
        <source>V&amp;IK</source>
        <translation>V&amp;IK</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="447"/>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="448"/>
        <location filename="../main_window.py" line="811"/>
        <source>Keyboard shortcuts</source>
        <translation>Sneltoetsen</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="504"/>
        <source>Add with neighbours</source>
        <translation>Met buren op schema</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="516"/>
        <location filename="../main_window.py" line="824"/>
        <source>This chart has not been saved. Save it first?</source>
        <translation>Dit schema is niet opgeslagen. Eerst opslaan?</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="534"/>
        <source>(no saved charts)</source>
        <translation>(geen opgeslagen schema’s)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="548"/>
        <source>Name:</source>
        <translation>Naam:</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="584"/>
        <location filename="../main_window.py" line="592"/>
        <location filename="../main_window.py" line="599"/>
        <location filename="../main_window.py" line="609"/>
        <location filename="../main_window.py" line="805"/>
        <source>Export chart</source>
        <translation>Schema exporteren</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="586"/>
        <source>Exporting to %1…</source>
        <translation>Exporteren naar %1…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="595"/>
        <source>Exported to %1</source>
        <translation>Geëxporteerd naar %1</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="607"/>
        <source>PNG image (*.png)</source>
        <translation>PNG-afbeelding (*.png)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="607"/>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG-tekening (*.svg)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="608"/>
        <source>PDF document (*.pdf)</source>
        <translation>PDF-document (*.pdf)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="608"/>
        <source>Interactive HTML (*.html)</source>
        <translation>Interactieve HTML (*.html)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="609"/>
        <source>chart</source>
        <translation>schema</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="639"/>
        <source>Import finished</source>
        <translation>Import voltooid</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="642"/>
        <source>Import finished: %1 new and %2 merged entities, %3 new and %4 merged relations</source>
        <translation>Import voltooid: %1 nieuwe en %2 samengevoegde entiteiten, %3 nieuwe en %4 samengevoegde relaties</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="658"/>
        <location filename="../main_window.py" line="666"/>
        <source>Possible duplicates</source>
        <translation>Mogelijke dubbelen</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="667"/>
        <source>The import created %1 person(s) that may be the same as others. Review them now?</source>
        <translation>De import heeft %1 persoon/personen gemaakt die mogelijk dezelfde zijn als anderen. Nu beoordelen?</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="687"/>
        <source>Duplicate persons</source>
        <translation>Dubbele personen</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="798"/>
        <source>Search result on the chart</source>
        <translation>Zoekresultaat op het schema</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="798"/>
        <source>Enter or double-click (Down: into the results)</source>
        <translation>Enter of dubbelklik (pijl omlaag: naar de resultaten)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="799"/>
        <source>Expand selection</source>
        <translation>Selectie uitbreiden</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="799"/>
        <source>double-click</source>
        <translation>dubbelklik</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="800"/>
        <source>Hide selection</source>
        <translation>Selectie verbergen</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="800"/>
        <source>Show hidden</source>
        <translation>Verborgen tonen</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="800"/>
        <source>Remove</source>
        <translation>Verwijderen</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="801"/>
        <source>Pin / unpin</source>
        <translation>Vastzetten / losmaken</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="801"/>
        <source>Select all</source>
        <translation>Alles selecteren</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="802"/>
        <source>Link labels on / off</source>
        <translation>Teksten bij verbindingen aan / uit</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="802"/>
        <source>Fit chart</source>
        <translation>Schema passend maken</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="803"/>
        <source>Zoom in / out</source>
        <translation>In- / uitzoomen</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="803"/>
        <source>Undo / redo</source>
        <translation>Ongedaan maken / opnieuw</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="804"/>
        <source>Undo / redo the last record change only (chart stays)</source>
        <translation>Alleen de laatste recordwijziging ongedaan maken / opnieuw (schema blijft)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="805"/>
        <source>Import</source>
        <translation>Importeren</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="806"/>
        <location filename="../main_window.py" line="850"/>
        <source>Open project</source>
        <translation>Project openen</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="807"/>
        <source>Pan</source>
        <translation>Verschuiven</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="807"/>
        <source>middle button or Space+drag</source>
        <translation>middelste knop of Spatie+slepen</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="808"/>
        <source>Multi-select</source>
        <translation>Meervoudig selecteren</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="808"/>
        <source>drag a rectangle, Ctrl+click</source>
        <translation>rechthoek slepen, Ctrl+klik</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="809"/>
        <source>Legend: fold / move</source>
        <translation>Legenda: inklappen / verplaatsen</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="809"/>
        <source>click its title / drag its title to a corner</source>
        <translation>klik op de titel / sleep de titel naar een hoek</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="853"/>
        <source>Knooppunt projects (*.knp)</source>
        <translation>Knooppunt-projecten (*.knp)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="853"/>
        <source>All files (*)</source>
        <translation>Alle bestanden (*)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="865"/>
        <source>(no other recent projects)</source>
        <translation>(geen andere recente projecten)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="517"/>
        <location filename="../main_window.py" line="825"/>
        <source>Unsaved chart</source>
        <translation>Schema niet opgeslagen</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="515"/>
        <location filename="../main_window.py" line="823"/>
        <source>Save the changes to chart “%1”?</source>
        <translation>Wijzigingen in schema “%1” opslaan?</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <location filename="../import_wizard.py" line="169"/>
        <source>Preview and mapping</source>
        <translation>Voorbeeld en koppeling</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="170"/>
        <source>Map columns to entity properties and choose the relations, or load a saved import specification. The specification below can also be edited directly.</source>
        <translation>Koppel kolommen aan eigenschappen van entiteiten en kies de relaties, of laad een opgeslagen importspecificatie. De specificatie hieronder kunt u ook direct bewerken.</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="175"/>
        <source>Column</source>
        <translation>Kolom</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="175"/>
        <source>Example</source>
        <translation>Voorbeeld</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="175"/>
        <source>Maps to</source>
        <translation>Wordt</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="193"/>
        <source>recognise</source>
        <translation>herkennen</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="201"/>
        <source>Load spec…</source>
        <translation>Specificatie laden…</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="205"/>
        <source>Update specification from mapping</source>
        <translation>Specificatie bijwerken uit koppeling</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="207"/>
        <source>Read as a network (adjacency matrix, Pajek, UCINET DL)</source>
        <translation>Lezen als netwerk (matrix, Pajek, UCINET DL)</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="211"/>
        <source>Row labels down the first column and across the header, a number per tie; or a Pajek or UCINET DL file</source>
        <translation>Namen in de eerste kolom en in de kopregel, een getal per band; of een Pajek- of UCINET DL-bestand</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="221"/>
        <source>Nodes are:</source>
        <translation>Knopen zijn:</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="222"/>
        <source>Columns are:</source>
        <translation>Kolommen zijn:</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="223"/>
        <source>A tie is:</source>
        <translation>Een band is:</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="224"/>
        <source>Its number is:</source>
        <translation>Het getal is:</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="233"/>
        <source>A two-mode network (persons by the meetings they attended): what its columns are; else the same as the nodes</source>
        <translation>Een tweemodaal netwerk (personen bij de bijeenkomsten waar ze waren): wat de kolommen zijn; anders hetzelfde als de knopen</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="235"/>
        <source>(the same as the nodes)</source>
        <translation>(hetzelfde als de knopen)</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="246"/>
        <source>Source:</source>
        <translation>Bron:</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="248"/>
        <source>Source reliability (A–F)</source>
        <translation>Betrouwbaarheid bron (A–F)</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="249"/>
        <source>Information credibility (1–6)</source>
        <translation>Betrouwbaarheid informatie (1–6)</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="255"/>
        <source>Grading:</source>
        <translation>Waardering:</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="256"/>
        <source>Security label:</source>
        <translation>Rubricering:</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="257"/>
        <source>Dates:</source>
        <translation>Datums:</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="260"/>
        <source>Saved in project:</source>
        <translation>Opgeslagen in project:</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="266"/>
        <source>Relations:</source>
        <translation>Relaties:</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="272"/>
        <source>Import specification (YAML):</source>
        <translation>Importspecificatie (YAML):</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="313"/>
        <location filename="../import_wizard.py" line="550"/>
        <source>(not kept)</source>
        <translation>(niet bewaard)</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="341"/>
        <source>(skip)</source>
        <translation>(overslaan)</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="342"/>
        <source>Relations · valid from</source>
        <translation>Relaties · geldig vanaf</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="343"/>
        <source>Relations · valid to</source>
        <translation>Relaties · geldig tot</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="345"/>
        <source>Relations</source>
        <translation>Relaties</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="346"/>
        <source>full address (parsed)</source>
        <translation>volledig adres (ontleed)</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="385"/>
        <source>“Relations · valid from/to” dates every relation a row makes; edit the specification to date relations one by one</source>
        <translation>“Relaties · geldig vanaf/tot” dateert elke relatie die een rij maakt; bewerk de specificatie om relaties afzonderlijk te dateren</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="510"/>
        <source>No ticked relation has the property %1: tick a relation that has it or map the column elsewhere</source>
        <translation>Geen aangevinkte relatie heeft de eigenschap %1: vink een relatie aan die haar heeft of koppel de kolom ergens anders aan</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="551"/>
        <source>This file holds %1 relations (%2): each comes in as this tie, its name in “%3”; give each its own type in the specification</source>
        <translation>Dit bestand bevat %1 relaties (%2): elke relatie komt binnen als deze band, met haar naam in “%3”; geef elke relatie in de specificatie een eigen type</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="568"/>
        <source>Load import specification</source>
        <translation>Importspecificatie laden</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="569"/>
        <source>Import specifications (*.yaml *.yml)</source>
        <translation>Importspecificaties (*.yaml *.yml)</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="577"/>
        <source>%1 is not a text file (UTF-8)</source>
        <translation>%1 is geen tekstbestand (UTF-8)</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="582"/>
        <source>Loaded %1</source>
        <translation>%1 geladen</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="662"/>
        <source>the specification</source>
        <translation>de specificatie</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="668"/>
        <source>Map at least one column</source>
        <translation>Koppel ten minste één kolom</translation>
    </message>
</context>
<context>
    <name>MeasureDialog</name>
    <message>
        <location filename="../vik_forms.py" line="284"/>
        <source>Edit measure %1</source>
        <translation>Maatregel %1 bewerken</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="285"/>
        <source>New measure</source>
        <translation>Nieuwe maatregel</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="288"/>
        <source>Type</source>
        <translation>Soort</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="296"/>
        <source>Concerns</source>
        <translation>Betreft</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="296"/>
        <source>(select on the chart first)</source>
        <translation>(eerst op het schema selecteren)</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="298"/>
        <source>Decided</source>
        <translation>Besluitdatum</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="299"/>
        <source>Start</source>
        <translation>Ingang</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="300"/>
        <source>Duration (months)</source>
        <translation>Duur (maanden)</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="301"/>
        <source>End</source>
        <translation>Einde</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="302"/>
        <source>Evaluation</source>
        <translation>Evaluatie</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="303"/>
        <source>Amount (euro)</source>
        <translation>Bedrag (euro)</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="305"/>
        <source>Forfeited (euro)</source>
        <translation>Verbeurd (euro)</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="307"/>
        <source>Objection deadline</source>
        <translation>Bezwaartermijn tot</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="310"/>
        <source>Description</source>
        <translation>Omschrijving</translation>
    </message>
</context>
<context>
    <name>MeetingDialog</name>
    <message>
        <location filename="../vik_forms.py" line="397"/>
        <source>Edit meeting of %1</source>
        <translation>Overleg van %1 bewerken</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="398"/>
        <source>New meeting</source>
        <translation>Nieuw overleg</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="401"/>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="402"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="403"/>
        <source>Chair</source>
        <translation>Voorzitter</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="404"/>
        <source>Participants</source>
        <translation>Deelnemers</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="405"/>
        <source>several: a; b</source>
        <translation>meerdere: a; b</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="413"/>
        <source>Partners</source>
        <translation>Partners</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="419"/>
        <source>Report</source>
        <translation>Verslag</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="424"/>
        <source>Item</source>
        <translation>Agendapunt</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="424"/>
        <source>Decision</source>
        <translation>Besluit</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="424"/>
        <source>Note</source>
        <translation>Toelichting</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="432"/>
        <source>Agenda</source>
        <translation>Agenda</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="441"/>
        <source>Add to agenda</source>
        <translation>Op de agenda zetten</translation>
    </message>
</context>
<context>
    <name>Names</name>
    <message>
        <location filename="../names.py" line="16"/>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../names.py" line="17"/>
        <source>Confidential</source>
        <translation>Vertrouwelijk</translation>
    </message>
    <message>
        <location filename="../names.py" line="18"/>
        <source>Police (WPG)</source>
        <translation>Politie (WPG)</translation>
    </message>
    <message>
        <location filename="../names.py" line="19"/>
        <source>FIOD/Tax Administration</source>
        <translation>FIOD/Belastingdienst</translation>
    </message>
    <message>
        <location filename="../names.py" line="24"/>
        <source>owner</source>
        <translation>eigenaar</translation>
    </message>
    <message>
        <location filename="../names.py" line="25"/>
        <source>analyst</source>
        <translation>analist</translation>
    </message>
    <message>
        <location filename="../names.py" line="26"/>
        <source>viewer</source>
        <translation>lezer</translation>
    </message>
    <message>
        <location filename="../names.py" line="53"/>
        <source>not graded</source>
        <translation>niet beoordeeld</translation>
    </message>
    <message>
        <location filename="../names.py" line="32"/>
        <source>completely reliable</source>
        <translation>volledig betrouwbaar</translation>
    </message>
    <message>
        <location filename="../names.py" line="33"/>
        <source>usually reliable</source>
        <translation>meestal betrouwbaar</translation>
    </message>
    <message>
        <location filename="../names.py" line="34"/>
        <source>fairly reliable</source>
        <translation>redelijk betrouwbaar</translation>
    </message>
    <message>
        <location filename="../names.py" line="35"/>
        <source>not usually reliable</source>
        <translation>meestal onbetrouwbaar</translation>
    </message>
    <message>
        <location filename="../names.py" line="36"/>
        <source>unreliable</source>
        <translation>onbetrouwbaar</translation>
    </message>
    <message>
        <location filename="../names.py" line="37"/>
        <source>reliability unknown</source>
        <translation>betrouwbaarheid onbekend</translation>
    </message>
    <message>
        <location filename="../names.py" line="42"/>
        <source>confirmed</source>
        <translation>bevestigd</translation>
    </message>
    <message>
        <location filename="../names.py" line="43"/>
        <source>probably true</source>
        <translation>waarschijnlijk juist</translation>
    </message>
    <message>
        <location filename="../names.py" line="44"/>
        <source>possibly true</source>
        <translation>mogelijk juist</translation>
    </message>
    <message>
        <location filename="../names.py" line="45"/>
        <source>doubtful</source>
        <translation>twijfelachtig</translation>
    </message>
    <message>
        <location filename="../names.py" line="46"/>
        <source>improbable</source>
        <translation>onwaarschijnlijk</translation>
    </message>
    <message>
        <location filename="../names.py" line="47"/>
        <source>truth unknown</source>
        <translation>juistheid onbekend</translation>
    </message>
    <message>
        <location filename="../names.py" line="63"/>
        <source>Reliability of the source (A–F):</source>
        <translation>Betrouwbaarheid van de bron (A–F):</translation>
    </message>
    <message>
        <location filename="../names.py" line="66"/>
        <source>Credibility of the information (1–6):</source>
        <translation>Juistheid van de informatie (1–6):</translation>
    </message>
</context>
<context>
    <name>NewProjectDialog</name>
    <message>
        <location filename="../dialogs.py" line="195"/>
        <source>New project</source>
        <translation>Nieuw project</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="203"/>
        <source>Name:</source>
        <translation>Naam:</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="204"/>
        <source>Owner:</source>
        <translation>Eigenaar:</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="205"/>
        <source>Passphrase:</source>
        <translation>Wachtwoordzin:</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="209"/>
        <source>Repeat:</source>
        <translation>Herhaal:</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="227"/>
        <source>The passphrases differ.</source>
        <translation>De wachtwoordzinnen verschillen.</translation>
    </message>
</context>
<context>
    <name>NotesPanel</name>
    <message>
        <location filename="../notes_panel.py" line="48"/>
        <source>Your reasoning, what was agreed…</source>
        <translation>Uw redenering, wat is afgesproken…</translation>
    </message>
    <message>
        <location filename="../notes_panel.py" line="50"/>
        <source>Add note</source>
        <translation>Notitie toevoegen</translation>
    </message>
    <message>
        <location filename="../notes_panel.py" line="52"/>
        <source>Delete note</source>
        <translation>Notitie verwijderen</translation>
    </message>
    <message>
        <location filename="../notes_panel.py" line="73"/>
        <source>Notes (%1)</source>
        <translation>Notities (%1)</translation>
    </message>
</context>
<context>
    <name>OneUndo</name>
    <message>
        <location filename="../undo_order.py" line="98"/>
        <location filename="../undo_order.py" line="164"/>
        <source>Undo</source>
        <translation>Ongedaan maken</translation>
    </message>
    <message>
        <location filename="../undo_order.py" line="101"/>
        <location filename="../undo_order.py" line="165"/>
        <source>Redo</source>
        <translation>Opnieuw</translation>
    </message>
    <message>
        <location filename="../undo_order.py" line="150"/>
        <source>Undone: %1</source>
        <translation>Ongedaan gemaakt: %1</translation>
    </message>
    <message>
        <location filename="../undo_order.py" line="151"/>
        <source>Undone</source>
        <translation>Ongedaan gemaakt</translation>
    </message>
    <message>
        <location filename="../undo_order.py" line="153"/>
        <source>Redone: %1</source>
        <translation>Opnieuw uitgevoerd: %1</translation>
    </message>
    <message>
        <location filename="../undo_order.py" line="154"/>
        <source>Redone</source>
        <translation>Opnieuw uitgevoerd</translation>
    </message>
    <message>
        <location filename="../undo_order.py" line="164"/>
        <source>Undo %1</source>
        <translation>%1 ongedaan maken</translation>
    </message>
    <message>
        <location filename="../undo_order.py" line="165"/>
        <source>Redo %1</source>
        <translation>%1 opnieuw uitvoeren</translation>
    </message>
</context>
<context>
    <name>Operation</name>
    <message>
        <location filename="../operations.py" line="153"/>
        <source>%1 did not finish: %2</source>
        <translation>%1 is niet voltooid: %2</translation>
    </message>
    <message>
        <location filename="../operations.py" line="170"/>
        <source>%1 %2/s</source>
        <translation>%1 %2/s</translation>
    </message>
    <message>
        <location filename="../operations.py" line="173"/>
        <source>%1 left</source>
        <translation>nog %1</translation>
    </message>
    <message>
        <location filename="../operations.py" line="180"/>
        <source>%1 %2 in %3 (%4 %2/s)</source>
        <translation>%1 %2 in %3 (%4 %2/s)</translation>
    </message>
</context>
<context>
    <name>ParameterForm</name>
    <message>
        <location filename="../analysis_panel.py" line="162"/>
        <source>automatic</source>
        <translation>automatisch</translation>
    </message>
    <message>
        <location filename="../analysis_panel.py" line="163"/>
        <source>exact</source>
        <translation>exact</translation>
    </message>
    <message>
        <location filename="../analysis_panel.py" line="164"/>
        <source>sample</source>
        <translation>steekproef</translation>
    </message>
    <message>
        <location filename="../analysis_panel.py" line="166"/>
        <source>connected components</source>
        <translation>samenhangende componenten</translation>
    </message>
    <message>
        <location filename="../analysis_panel.py" line="214"/>
        <source>(none)</source>
        <translation>(geen)</translation>
    </message>
    <message>
        <location filename="../analysis_panel.py" line="235"/>
        <source>(default)</source>
        <translation>(standaard)</translation>
    </message>
    <message>
        <location filename="../analysis_panel.py" line="242"/>
        <source>e.g. Person, Company (comma-separated)</source>
        <translation>bijv. Persoon, Onderneming (gescheiden door komma’s)</translation>
    </message>
    <message>
        <location filename="../analysis_panel.py" line="244"/>
        <source>comma-separated</source>
        <translation>gescheiden door komma’s</translation>
    </message>
    <message>
        <location filename="../analysis_panel.py" line="248"/>
        <source>dd-mm-yyyy</source>
        <translation>dd-mm-jjjj</translation>
    </message>
</context>
<context>
    <name>PassphraseStrength</name>
    <message>
        <location filename="../dialogs.py" line="166"/>
        <source>Too short: use at least %1 characters.</source>
        <translation>Te kort: gebruik ten minste %1 tekens.</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="168"/>
        <source>Empty or only spaces.</source>
        <translation>Leeg of alleen spaties.</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="170"/>
        <source>Too easy to guess (a common word, name, date or pattern): use several unrelated words.</source>
        <translation>Te makkelijk te raden (een gangbaar woord, naam, datum of patroon): gebruik meerdere losse woorden.</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="178"/>
        <source>very weak</source>
        <translation>zeer zwak</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="178"/>
        <source>weak</source>
        <translation>zwak</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="178"/>
        <source>fair</source>
        <translation>redelijk</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="178"/>
        <source>strong</source>
        <translation>sterk</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="178"/>
        <source>very strong</source>
        <translation>zeer sterk</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="182"/>
        <source>At least %1 characters; several unrelated words are best.</source>
        <translation>Ten minste %1 tekens; meerdere losse woorden zijn het best.</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="185"/>
        <source>Strength: %1</source>
        <translation>Sterkte: %1</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="187"/>
        <source>Strength: %1. %2</source>
        <translation>Sterkte: %1. %2</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../dialogs.py" line="326"/>
        <source>Preferences</source>
        <translation>Voorkeuren</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="333"/>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="334"/>
        <source>never</source>
        <translation>nooit</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="337"/>
        <source>Language (after restart):</source>
        <translation>Taal (na herstart):</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="338"/>
        <source>Lock after idle time:</source>
        <translation>Vergrendelen na inactiviteit:</translation>
    </message>
</context>
<context>
    <name>ProjectChooser</name>
    <message>
        <location filename="../dialogs.py" line="69"/>
        <source>Knooppunt — choose a project</source>
        <translation>Knooppunt — kies een project</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="80"/>
        <source>(missing)</source>
        <translation>(ontbreekt)</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="83"/>
        <source>Open…</source>
        <translation>Openen…</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="85"/>
        <source>New project…</source>
        <translation>Nieuw project…</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="87"/>
        <source>Open selected</source>
        <translation>Selectie openen</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="95"/>
        <source>No recent projects yet: open one or make a new one.</source>
        <translation>Nog geen recente projecten: open er een of maak een nieuw project.</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="105"/>
        <source>Recent projects:</source>
        <translation>Recente projecten:</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="120"/>
        <source>Open project</source>
        <translation>Project openen</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="121"/>
        <source>Knooppunt projects (*.knp);;All files (*)</source>
        <translation>Knooppunt-projecten (*.knp);;Alle bestanden (*)</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="126"/>
        <source>New project</source>
        <translation>Nieuw project</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="127"/>
        <source>Knooppunt projects (*.knp)</source>
        <translation>Knooppunt-projecten (*.knp)</translation>
    </message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <location filename="../i18n.py" line="27"/>
        <source>Folder</source>
        <translation>Map</translation>
    </message>
    <message>
        <location filename="../i18n.py" line="28"/>
        <source>Drive</source>
        <translation>Station</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <location filename="../i18n.py" line="25"/>
        <source>&amp;Look in:</source>
        <translation>&amp;Zoeken in:</translation>
    </message>
    <message>
        <location filename="../i18n.py" line="26"/>
        <source>Files of &amp;type:</source>
        <translation>Bestands&amp;type:</translation>
    </message>
</context>
<context>
    <name>RecordEditor</name>
    <message>
        <location filename="../record_editor.py" line="95"/>
        <source>New entity…</source>
        <translation>Nieuwe entiteit…</translation>
    </message>
    <message>
        <location filename="../record_editor.py" line="96"/>
        <source>New relation…</source>
        <translation>Nieuwe relatie…</translation>
    </message>
    <message>
        <location filename="../record_editor.py" line="97"/>
        <source>Link the two entities selected on the chart</source>
        <translation>De twee op het schema geselecteerde entiteiten koppelen</translation>
    </message>
    <message>
        <location filename="../record_editor.py" line="98"/>
        <source>Edit…</source>
        <translation>Bewerken…</translation>
    </message>
    <message>
        <location filename="../record_editor.py" line="99"/>
        <location filename="../record_editor.py" line="384"/>
        <source>Delete</source>
        <translation>Verwijderen</translation>
    </message>
    <message>
        <location filename="../record_editor.py" line="100"/>
        <source>Merge</source>
        <translation>Samenvoegen</translation>
    </message>
    <message>
        <location filename="../record_editor.py" line="101"/>
        <source>Merge the second entity selected on the chart into the first</source>
        <translation>De tweede op het schema geselecteerde entiteit samenvoegen met de eerste</translation>
    </message>
    <message>
        <location filename="../record_editor.py" line="102"/>
        <source>Sources and grading…</source>
        <translation>Bronnen en waardering…</translation>
    </message>
    <message>
        <location filename="../record_editor.py" line="138"/>
        <source>Undo last record change (chart stays)</source>
        <translation>Laatste recordwijziging ongedaan maken (schema blijft)</translation>
    </message>
    <message>
        <location filename="../record_editor.py" line="141"/>
        <source>Redo record change (chart stays)</source>
        <translation>Recordwijziging opnieuw uitvoeren (schema blijft)</translation>
    </message>
    <message>
        <location filename="../record_editor.py" line="157"/>
        <source>&amp;Edit</source>
        <translation>&amp;Bewerken</translation>
    </message>
    <message>
        <location filename="../record_editor.py" line="185"/>
        <source>Your role may not edit</source>
        <translation>Uw rol mag niet bewerken</translation>
    </message>
    <message>
        <location filename="../record_editor.py" line="217"/>
        <source>%1: your value is kept as a claim; %2 decides this field</source>
        <translation>%1: uw waarde is bewaard als bewering; %2 is leidend voor dit veld</translation>
    </message>
    <message>
        <location filename="../record_editor.py" line="218"/>
        <source>%1: your value is kept as a claim; %2 is graded higher or more recent</source>
        <translation>%1: uw waarde is bewaard als bewering; %2 is hoger beoordeeld of recenter</translation>
    </message>
    <message>
        <location filename="../record_editor.py" line="232"/>
        <source>Cannot undo or redo</source>
        <translation>Ongedaan maken of opnieuw uitvoeren lukt niet</translation>
    </message>
    <message>
        <location filename="../record_editor.py" line="241"/>
        <source>%1 cannot be undone by %2: undoing an edit writes the record back from the statements of every source, also those above your clearance, which your key cannot read. They would be lost. Ask a member who sees every label (the owner) to undo it.</source>
        <translation>%2 kan %1 niet terugdraaien: een wijziging terugdraaien schrijft het record opnieuw uit de beweringen van elke bron, ook die boven uw autorisatie, die uw sleutel niet kan lezen. Die zouden verloren gaan. Vraag een lid dat elke rubricering ziet (de eigenaar) om het terug te draaien.</translation>
    </message>
    <message>
        <location filename="../record_editor.py" line="259"/>
        <source>Deleted: %1</source>
        <translation>Verwijderd: %1</translation>
    </message>
    <message>
        <location filename="../record_editor.py" line="315"/>
        <source>New %1</source>
        <translation>Nieuw: %1</translation>
    </message>
    <message>
        <location filename="../record_editor.py" line="315"/>
        <source>Add to %1</source>
        <translation>Aanvullen: %1</translation>
    </message>
    <message>
        <location filename="../record_editor.py" line="320"/>
        <source>%1 was already in the project: the values were added to it</source>
        <translation>%1 stond al in het project: de waarden zijn eraan toegevoegd</translation>
    </message>
    <message>
        <location filename="../record_editor.py" line="332"/>
        <source>Select two entities on the chart to link them</source>
        <translation>Selecteer twee entiteiten op het schema om ze te koppelen</translation>
    </message>
    <message>
        <location filename="../record_editor.py" line="339"/>
        <source>New relation %1</source>
        <translation>Nieuwe relatie %1</translation>
    </message>
    <message>
        <location filename="../record_editor.py" line="344"/>
        <source>The schema has no relation from a %1 to a %2</source>
        <translation>Het schema kent geen relatie van een %1 naar een %2</translation>
    </message>
    <message>
        <location filename="../record_editor.py" line="355"/>
        <source>Select an entity to edit</source>
        <translation>Selecteer een entiteit om te bewerken</translation>
    </message>
    <message>
        <location filename="../record_editor.py" line="360"/>
        <source>Edit %1</source>
        <translation>%1 bewerken</translation>
    </message>
    <message>
        <location filename="../record_editor.py" line="378"/>
        <source>Select an entity to delete</source>
        <translation>Selecteer een entiteit om te verwijderen</translation>
    </message>
    <message numerus="yes">
        <location filename="../record_editor.py" line="385"/>
        <source>%1 has %n relations. Delete them too?</source>
        <translation>
            <numerusform>%1 heeft %n relatie. Die ook verwijderen?</numerusform>
            <numerusform>%1 heeft %n relaties. Die ook verwijderen?</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../record_editor.py" line="388"/>
        <source>Delete with relations</source>
        <translation>Met relaties verwijderen</translation>
    </message>
    <message>
        <location filename="../record_editor.py" line="389"/>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <location filename="../record_editor.py" line="401"/>
        <source>Delete %1</source>
        <translation>%1 verwijderen</translation>
    </message>
    <message>
        <location filename="../record_editor.py" line="409"/>
        <source>Select two entities on the chart to merge them</source>
        <translation>Selecteer twee entiteiten op het schema om ze samen te voegen</translation>
    </message>
    <message>
        <location filename="../record_editor.py" line="420"/>
        <source>Merge %1 into %2</source>
        <translation>%1 samenvoegen met %2</translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message>
        <location filename="../forms.py" line="123"/>
        <source>Type:</source>
        <translation>Type:</translation>
    </message>
    <message>
        <location filename="../forms.py" line="126"/>
        <source>From:</source>
        <translation>Van:</translation>
    </message>
    <message>
        <location filename="../forms.py" line="127"/>
        <source>To:</source>
        <translation>Naar:</translation>
    </message>
    <message>
        <location filename="../forms.py" line="128"/>
        <source>Swap direction</source>
        <translation>Richting omdraaien</translation>
    </message>
    <message>
        <location filename="../forms.py" line="133"/>
        <source>Properties</source>
        <translation>Eigenschappen</translation>
    </message>
    <message>
        <location filename="../forms.py" line="139"/>
        <source>Source, grading and security</source>
        <translation>Bron, waardering en rubricering</translation>
    </message>
    <message>
        <location filename="../forms.py" line="141"/>
        <source>e.g. melding 2026-114 (empty: manual entry)</source>
        <translation>bijv. melding 2026-114 (leeg: handmatige invoer)</translation>
    </message>
    <message>
        <location filename="../forms.py" line="142"/>
        <source>The source&apos;s own reference</source>
        <translation>Het kenmerk van de bron zelf</translation>
    </message>
    <message>
        <location filename="../forms.py" line="166"/>
        <source>Source:</source>
        <translation>Bron:</translation>
    </message>
    <message>
        <location filename="../forms.py" line="167"/>
        <source>Reference:</source>
        <translation>Kenmerk:</translation>
    </message>
    <message>
        <location filename="../forms.py" line="168"/>
        <source>Reliability (A–F):</source>
        <translation>Betrouwbaarheid bron (A–F):</translation>
    </message>
    <message>
        <location filename="../forms.py" line="169"/>
        <source>Credibility (1–6):</source>
        <translation>Betrouwbaarheid informatie (1–6):</translation>
    </message>
    <message>
        <location filename="../forms.py" line="170"/>
        <source>Security label:</source>
        <translation>Rubricering:</translation>
    </message>
    <message>
        <location filename="../forms.py" line="171"/>
        <source>Valid from:</source>
        <translation>Geldig van:</translation>
    </message>
    <message>
        <location filename="../forms.py" line="172"/>
        <source>Valid to:</source>
        <translation>Geldig tot:</translation>
    </message>
    <message>
        <location filename="../forms.py" line="85"/>
        <source>Save</source>
        <translation>Opslaan</translation>
    </message>
    <message>
        <location filename="../forms.py" line="86"/>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <location filename="../forms.py" line="212"/>
        <source>Edit %1</source>
        <translation>%1 bewerken</translation>
    </message>
    <message>
        <location filename="../forms.py" line="213"/>
        <source>New entity</source>
        <translation>Nieuwe entiteit</translation>
    </message>
    <message>
        <location filename="../forms.py" line="213"/>
        <source>New relation</source>
        <translation>Nieuwe relatie</translation>
    </message>
    <message>
        <location filename="../forms.py" line="244"/>
        <source>several: a; b</source>
        <translation>meerdere: a; b</translation>
    </message>
    <message>
        <location filename="../forms.py" line="303"/>
        <source>Source</source>
        <translation>Bron</translation>
    </message>
    <message>
        <location filename="../forms.py" line="303"/>
        <source>Reference</source>
        <translation>Kenmerk</translation>
    </message>
    <message>
        <location filename="../forms.py" line="303"/>
        <source>Grading</source>
        <translation>Waardering</translation>
    </message>
    <message>
        <location filename="../forms.py" line="304"/>
        <source>Security label</source>
        <translation>Rubricering</translation>
    </message>
    <message>
        <location filename="../forms.py" line="304"/>
        <source>Valid from</source>
        <translation>Geldig van</translation>
    </message>
    <message>
        <location filename="../forms.py" line="305"/>
        <source>Valid to</source>
        <translation>Geldig tot</translation>
    </message>
    <message>
        <location filename="../forms.py" line="72"/>
        <source>Check the field %1: %2</source>
        <translation>Controleer het veld %1: %2</translation>
    </message>
</context>
<context>
    <name>ResolutionPanel</name>
    <message>
        <location filename="../resolution_panel.py" line="51"/>
        <source>Minimum name similarity (0-100)</source>
        <translation>Minimale gelijkenis van de naam (0-100)</translation>
    </message>
    <message>
        <location filename="../resolution_panel.py" line="52"/>
        <source>Refresh</source>
        <translation>Vernieuwen</translation>
    </message>
    <message>
        <location filename="../resolution_panel.py" line="57"/>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <location filename="../resolution_panel.py" line="57"/>
        <source>Person</source>
        <translation>Persoon</translation>
    </message>
    <message>
        <location filename="../resolution_panel.py" line="57"/>
        <location filename="../resolution_panel.py" line="58"/>
        <source>Date of birth</source>
        <translation>Geboortedatum</translation>
    </message>
    <message>
        <location filename="../resolution_panel.py" line="58"/>
        <source>Possibly the same as</source>
        <translation>Mogelijk dezelfde als</translation>
    </message>
    <message>
        <location filename="../resolution_panel.py" line="59"/>
        <source>Reason</source>
        <translation>Reden</translation>
    </message>
    <message>
        <location filename="../resolution_panel.py" line="67"/>
        <source>Same person: merge</source>
        <translation>Zelfde persoon: samenvoegen</translation>
    </message>
    <message>
        <location filename="../resolution_panel.py" line="68"/>
        <source>Merge the right-hand person into the left-hand one (audited; can be undone with “resolve undo”)</source>
        <translation>De rechter persoon samenvoegen met de linker (vastgelegd in het auditlog; ongedaan te maken met “resolve undo”)</translation>
    </message>
    <message>
        <location filename="../resolution_panel.py" line="71"/>
        <source>Not the same</source>
        <translation>Niet dezelfde</translation>
    </message>
    <message>
        <location filename="../resolution_panel.py" line="72"/>
        <source>Do not propose this pair again</source>
        <translation>Dit paar niet meer voorstellen</translation>
    </message>
    <message>
        <location filename="../resolution_panel.py" line="75"/>
        <source>Minimum similarity:</source>
        <translation>Minimale gelijkenis:</translation>
    </message>
    <message>
        <location filename="../resolution_panel.py" line="91"/>
        <source>similar name (particles: al-, van der)</source>
        <translation>vergelijkbare naam (voorvoegsels: al-, van der)</translation>
    </message>
    <message>
        <location filename="../resolution_panel.py" line="92"/>
        <source>similar name (transliteration)</source>
        <translation>vergelijkbare naam (transliteratie)</translation>
    </message>
    <message>
        <location filename="../resolution_panel.py" line="93"/>
        <source>same initials and surname</source>
        <translation>zelfde voorletters en achternaam</translation>
    </message>
    <message>
        <location filename="../resolution_panel.py" line="94"/>
        <source>no date of birth on one side</source>
        <translation>aan één kant geen geboortedatum</translation>
    </message>
    <message>
        <location filename="../resolution_panel.py" line="95"/>
        <source>same date of birth</source>
        <translation>zelfde geboortedatum</translation>
    </message>
    <message>
        <location filename="../resolution_panel.py" line="96"/>
        <source>similar name</source>
        <translation>vergelijkbare naam</translation>
    </message>
    <message>
        <location filename="../resolution_panel.py" line="106"/>
        <source>Looking for possible duplicates…</source>
        <translation>Zoeken naar mogelijke dubbelen…</translation>
    </message>
    <message>
        <location filename="../resolution_panel.py" line="111"/>
        <location filename="../resolution_panel.py" line="172"/>
        <location filename="../resolution_panel.py" line="188"/>
        <source>Duplicate persons</source>
        <translation>Dubbele personen</translation>
    </message>
    <message>
        <location filename="../resolution_panel.py" line="118"/>
        <source>Stopped: %1</source>
        <translation>Gestopt: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../resolution_panel.py" line="135"/>
        <source>%n possible duplicate(s)</source>
        <translation>
            <numerusform>%n mogelijk dubbel paar</numerusform>
            <numerusform>%n mogelijk dubbele paren</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../resolution_panel.py" line="136"/>
        <source>No possible duplicates</source>
        <translation>Geen mogelijke dubbelen</translation>
    </message>
    <message>
        <location filename="../resolution_panel.py" line="146"/>
        <source>Your role may not change records</source>
        <translation>Uw rol mag geen gegevens wijzigen</translation>
    </message>
    <message>
        <location filename="../resolution_panel.py" line="174"/>
        <source>Merged %1 into %2 (%3)</source>
        <translation>%1 samengevoegd met %2 (%3)</translation>
    </message>
    <message>
        <location filename="../resolution_panel.py" line="190"/>
        <source>%1 and %2 will not be proposed again</source>
        <translation>%1 en %2 worden niet meer voorgesteld</translation>
    </message>
</context>
<context>
    <name>RunPage</name>
    <message>
        <location filename="../import_wizard.py" line="682"/>
        <source>Dry run</source>
        <translation>Proefimport</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="682"/>
        <location filename="../import_wizard.py" line="753"/>
        <source>Import</source>
        <translation>Importeren</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="683"/>
        <source>Counts of new, merged and rejected records; nothing is written.</source>
        <translation>Aantallen nieuwe, samengevoegde en afgewezen records; er wordt niets weggeschreven.</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="684"/>
        <source>One transaction: Cancel leaves the project as it was.</source>
        <translation>Eén transactie: Annuleren laat het project zoals het was.</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="686"/>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="696"/>
        <source>No rows were rejected.</source>
        <translation>Er zijn geen rijen afgewezen.</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="698"/>
        <source>Warnings:</source>
        <translation>Waarschuwingen:</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="704"/>
        <source>Save specification…</source>
        <translation>Specificatie opslaan…</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="714"/>
        <source>Rejected rows:</source>
        <translation>Afgewezen rijen:</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="751"/>
        <source>Working…</source>
        <translation>Bezig…</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="777"/>
        <source>entities</source>
        <translation>entiteiten</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="777"/>
        <source>relations</source>
        <translation>relaties</translation>
    </message>
    <message numerus="yes">
        <location filename="../import_wizard.py" line="793"/>
        <source>Imported %n rows.</source>
        <translation>
            <numerusform>%n rij geïmporteerd.</numerusform>
            <numerusform>%n rijen geïmporteerd.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="763"/>
        <location filename="../import_wizard.py" line="777"/>
        <location filename="../import_wizard.py" line="786"/>
        <source>rows</source>
        <translation>rijen</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="781"/>
        <source>What</source>
        <translation>Wat</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="781"/>
        <source>New</source>
        <translation>Nieuw</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="781"/>
        <source>Merged</source>
        <translation>Samengevoegd</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="781"/>
        <source>Unchanged</source>
        <translation>Ongewijzigd</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="782"/>
        <source>Rejected</source>
        <translation>Afgewezen</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="792"/>
        <source>Dry run finished: nothing was written.</source>
        <translation>Proefimport klaar: er is niets weggeschreven.</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="806"/>
        <source>row %1</source>
        <translation>rij %1</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="810"/>
        <source>column %1</source>
        <translation>kolom %1</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="813"/>
        <source>… and %1 more; every row with its reason is in %2</source>
        <translation>… en nog %1; elke rij met de reden staat in %2</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="818"/>
        <source>Stopped: %1</source>
        <translation>Gestopt: %1</translation>
    </message>
    <message>
        <location filename="../import_wizard.py" line="823"/>
        <source>Cancelled: nothing was written.</source>
        <translation>Geannuleerd: er is niets weggeschreven.</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <location filename="../panels.py" line="56"/>
        <source>Search names, identifiers, addresses… (Ctrl+F)</source>
        <translation>Zoek op namen, nummers, adressen… (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../panels.py" line="101"/>
        <source>Type a name, KvK number, postcode, licence plate or IBAN: results appear as you type. Enter or a double-click puts a result on the chart.</source>
        <translation>Typ een naam, KvK-nummer, postcode, kenteken of IBAN: de resultaten verschijnen tijdens het typen. Enter of dubbelklik zet een resultaat op het schema.</translation>
    </message>
    <message>
        <location filename="../panels.py" line="104"/>
        <source>No results for “%1”. Try part of a name, or a number (KvK, postcode, licence plate, IBAN).</source>
        <translation>Geen resultaten voor “%1”. Probeer een deel van een naam, of een nummer (KvK, postcode, kenteken, IBAN).</translation>
    </message>
    <message numerus="yes">
        <location filename="../panels.py" line="107"/>
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n resultaat</numerusform>
            <numerusform>%n resultaten</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../panels.py" line="120"/>
        <source>Enter or double-click: put it on the chart</source>
        <translation>Enter of dubbelklik: op het schema zetten</translation>
    </message>
</context>
<context>
    <name>SignalDialog</name>
    <message>
        <location filename="../vik_forms.py" line="178"/>
        <source>New signal</source>
        <translation>Nieuwe melding</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="184"/>
        <source>Description</source>
        <translation>Omschrijving</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="185"/>
        <source>Phenomenon</source>
        <translation>Fenomeen</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="187"/>
        <source>Source</source>
        <translation>Bron</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="189"/>
        <source>Received</source>
        <translation>Ontvangen</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="190"/>
        <source>Grading</source>
        <translation>Waardering</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="190"/>
        <source>e.g. B2</source>
        <translation>bijv. B2</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="194"/>
        <source>Concerns</source>
        <translation>Betreft</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="198"/>
        <source>New %1…</source>
        <translation>Nieuw: %1…</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="210"/>
        <source>Already known</source>
        <translation>Al bekend</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="254"/>
        <source>new</source>
        <translation>nieuw</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="257"/>
        <source>%1: not in the project yet</source>
        <translation>%1: nog niet in het project</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="260"/>
        <source>%1: %2 earlier signals, %3 measures, %4 red flags</source>
        <translation>%1: %2 eerdere meldingen, %3 maatregelen, %4 signaleringen</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="265"/>
        <source>(nothing selected)</source>
        <translation>(niets geselecteerd)</translation>
    </message>
</context>
<context>
    <name>SourcesView</name>
    <message>
        <location filename="../sources_view.py" line="36"/>
        <source>Sources and grading</source>
        <translation>Bronnen en waardering</translation>
    </message>
    <message>
        <location filename="../sources_view.py" line="39"/>
        <source>Source</source>
        <translation>Bron</translation>
    </message>
    <message>
        <location filename="../sources_view.py" line="39"/>
        <source>Grading</source>
        <translation>Waardering</translation>
    </message>
    <message>
        <location filename="../sources_view.py" line="39"/>
        <source>Entities</source>
        <translation>Entiteiten</translation>
    </message>
    <message>
        <location filename="../sources_view.py" line="39"/>
        <source>Relations</source>
        <translation>Relaties</translation>
    </message>
    <message>
        <location filename="../sources_view.py" line="40"/>
        <source>References</source>
        <translation>Kenmerken</translation>
    </message>
    <message>
        <location filename="../sources_view.py" line="40"/>
        <source>Received</source>
        <translation>Ontvangen</translation>
    </message>
    <message>
        <location filename="../sources_view.py" line="60"/>
        <source>Select a source to see the records it supports.</source>
        <translation>Selecteer een bron om te zien welke gegevens erop steunen.</translation>
    </message>
    <message numerus="yes">
        <location filename="../sources_view.py" line="89"/>
        <source>%1 supports %n records</source>
        <translation>
            <numerusform>%1 onderbouwt %n gegeven</numerusform>
            <numerusform>%1 onderbouwt %n gegevens</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <location filename="../panels.py" line="299"/>
        <source>No dated relations</source>
        <translation>Geen gedateerde relaties</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <location filename="../dialogs.py" line="248"/>
        <source>Unlock %1</source>
        <translation>%1 ontgrendelen</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="257"/>
        <source>default: the project owner</source>
        <translation>standaard: de eigenaar van het project</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="260"/>
        <source>Remember on this computer (keyring)</source>
        <translation>Onthouden op deze computer (sleutelbos)</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="267"/>
        <source>Member:</source>
        <translation>Lid:</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="268"/>
        <source>Passphrase:</source>
        <translation>Wachtwoordzin:</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="273"/>
        <source>This project file is not encrypted</source>
        <translation>Dit projectbestand is niet versleuteld</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="276"/>
        <source>This computer has no safe keyring (such as GNOME Keyring or KWallet): unlock with your passphrase</source>
        <translation>Deze computer heeft geen veilige sleutelbos (zoals GNOME Keyring of KWallet): ontgrendel met uw wachtwoordzin</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="281"/>
        <source>Unlock</source>
        <translation>Ontgrendelen</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="311"/>
        <source>Enter your passphrase.</source>
        <translation>Vul uw wachtwoordzin in.</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="313"/>
        <source>Wrong passphrase, or %1 is not a member of this project.</source>
        <translation>Onjuiste wachtwoordzin, of %1 is geen lid van dit project.</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="314"/>
        <source>the owner</source>
        <translation>de eigenaar</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="316"/>
        <source>%1 is not a member of this project.</source>
        <translation>%1 is geen lid van dit project.</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="318"/>
        <source>The project file cannot be read: %1</source>
        <translation>Het projectbestand is niet te lezen: %1</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="320"/>
        <source>The project cannot be opened: %1</source>
        <translation>Het project kan niet worden geopend: %1</translation>
    </message>
</context>
<context>
    <name>VikForm</name>
    <message>
        <location filename="../vik_forms.py" line="129"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../vik_forms.py" line="135"/>
        <source>Security label</source>
        <translation>Rubricering</translation>
    </message>
</context>
<context>
    <name>VikPanel</name>
    <message>
        <location filename="../vik_panel.py" line="73"/>
        <source>Signals</source>
        <translation>Meldingen</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="73"/>
        <source>Case meetings</source>
        <translation>Casustafel</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="74"/>
        <source>Measures</source>
        <translation>Maatregelen</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="74"/>
        <source>Actions</source>
        <translation>Acties</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="74"/>
        <location filename="../vik_panel.py" line="208"/>
        <source>Alerts</source>
        <translation>Attenderingen</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="75"/>
        <source>Deadlines</source>
        <translation>Termijnen</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="76"/>
        <source>No signals registered (within your clearance).</source>
        <translation>Geen meldingen geregistreerd (binnen uw rubricering).</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="77"/>
        <source>No case meetings planned.</source>
        <translation>Geen casusoverleggen gepland.</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="78"/>
        <source>No measures registered (within your clearance).</source>
        <translation>Geen maatregelen geregistreerd (binnen uw rubricering).</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="79"/>
        <source>No actions.</source>
        <translation>Geen acties.</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="80"/>
        <source>No alerts.</source>
        <translation>Geen attenderingen.</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="81"/>
        <source>Nothing is due or expires in the next %1 days.</source>
        <translation>Niets verloopt of moet af in de komende %1 dagen.</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="95"/>
        <source>New signal…</source>
        <translation>Melding registreren…</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="96"/>
        <source>Register a signal about the entities selected on the chart</source>
        <translation>Een melding registreren over de op het schema geselecteerde entiteiten</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="97"/>
        <source>New meeting…</source>
        <translation>Overleg plannen…</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="98"/>
        <source>Plan a case meeting with partners, agenda and decisions</source>
        <translation>Een casustafel plannen met partners, agenda en besluiten</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="99"/>
        <source>New measure…</source>
        <translation>Maatregel registreren…</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="100"/>
        <source>Register a measure against the entities selected on the chart</source>
        <translation>Een maatregel registreren tegen wat op het schema is geselecteerd</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="101"/>
        <source>New action…</source>
        <translation>Actie toevoegen…</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="102"/>
        <source>Add an action with owner and deadline</source>
        <translation>Een actie toevoegen met eigenaar en termijn</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="103"/>
        <source>Edit…</source>
        <translation>Bewerken…</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="104"/>
        <source>Edit the selected meeting, measure or action</source>
        <translation>Het geselecteerde overleg, de maatregel of de actie bewerken</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="105"/>
        <source>Change status…</source>
        <translation>Status wijzigen…</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="106"/>
        <source>Move the selected signal, measure or action to its next status</source>
        <translation>De geselecteerde melding, maatregel of actie naar een volgende status zetten</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="107"/>
        <source>Mark seen</source>
        <translation>Gezien</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="107"/>
        <source>Mark the selected alert seen</source>
        <translation>De geselecteerde attendering als gezien markeren</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="108"/>
        <source>Refresh</source>
        <translation>Vernieuwen</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="161"/>
        <source>Number</source>
        <translation>Nummer</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="161"/>
        <source>Received</source>
        <translation>Ontvangen</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="161"/>
        <source>Source</source>
        <translation>Bron</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="161"/>
        <source>Phenomenon</source>
        <translation>Fenomeen</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="162"/>
        <location filename="../vik_panel.py" line="180"/>
        <location filename="../vik_panel.py" line="189"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="162"/>
        <location filename="../vik_panel.py" line="189"/>
        <source>Owner</source>
        <translation>Eigenaar</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="162"/>
        <location filename="../vik_panel.py" line="180"/>
        <source>Concerns</source>
        <translation>Betreft</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="162"/>
        <location filename="../vik_panel.py" line="172"/>
        <location filename="../vik_panel.py" line="181"/>
        <location filename="../vik_panel.py" line="190"/>
        <location filename="../vik_panel.py" line="199"/>
        <location filename="../vik_panel.py" line="203"/>
        <source>Label</source>
        <translation>Rubricering</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="171"/>
        <location filename="../vik_panel.py" line="203"/>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="171"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="171"/>
        <source>Partners</source>
        <translation>Partners</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="171"/>
        <source>Agenda items</source>
        <translation>Agendapunten</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="172"/>
        <source>Decisions</source>
        <translation>Besluiten</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="180"/>
        <source>Reference</source>
        <translation>Kenmerk</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="180"/>
        <source>Type</source>
        <translation>Soort</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="181"/>
        <source>Decided</source>
        <translation>Besluit</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="181"/>
        <source>Start</source>
        <translation>Begin</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="181"/>
        <source>End</source>
        <translation>Einde</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="181"/>
        <source>Objection deadline</source>
        <translation>Bezwaartermijn</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="187"/>
        <source>overdue</source>
        <translation>verlopen</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="189"/>
        <source>Action</source>
        <translation>Actie</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="189"/>
        <source>Deadline</source>
        <translation>Termijn</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="190"/>
        <source>Overdue</source>
        <translation>Verlopen</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="195"/>
        <source>seen</source>
        <translation>gezien</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="195"/>
        <source>new</source>
        <translation>nieuw</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="199"/>
        <source>Raised</source>
        <translation>Gemeld</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="199"/>
        <source>Alert</source>
        <translation>Attendering</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="199"/>
        <source>Seen</source>
        <translation>Gezien</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="203"/>
        <source>Days</source>
        <translation>Dagen</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="203"/>
        <source>Kind</source>
        <translation>Soort</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="203"/>
        <source>What</source>
        <translation>Wat</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="207"/>
        <source>Alerts (%1)</source>
        <translation>Attenderingen (%1)</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="253"/>
        <source>VIK</source>
        <translation>VIK</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="313"/>
        <source>Select a meeting, measure or action first</source>
        <translation>Selecteer eerst een overleg, maatregel of actie</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="335"/>
        <source>Select a signal, measure or action first</source>
        <translation>Selecteer eerst een melding, maatregel of actie</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="348"/>
        <source>Change status</source>
        <translation>Status wijzigen</translation>
    </message>
    <message>
        <location filename="../vik_panel.py" line="348"/>
        <source>New status</source>
        <translation>Nieuwe status</translation>
    </message>
</context>
</TS>
