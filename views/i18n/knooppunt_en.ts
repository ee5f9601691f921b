<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AnalysisPanel</name>
    <message numerus="yes">
        <location filename="../analysis_panel.py" line="414"/>
        <source>Select exactly %n entities on the chart first</source>
        <translation>
            <numerusform>Select exactly %n entity on the chart first</numerusform>
            <numerusform>Select exactly %n entities on the chart first</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../analysis_panel.py" line="492"/>
        <source>%1: %n result(s)</source>
        <translation>
            <numerusform>%1: %n result</numerusform>
            <numerusform>%1: %n results</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../analysis_panel.py" line="517"/>
        <source>%1: no path of at most %n relations between the two entities (Parameters… to look further)</source>
        <translation>
            <numerusform>%1: no path of at most %n relation between the two entities (Parameters… to look further)</numerusform>
            <numerusform>%1: no path of at most %n relations between the two entities (Parameters… to look further)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../analysis_panel.py" line="579"/>
        <source>%n entities added to the chart, %2 were already on it</source>
        <translation>
            <numerusform>%n entity added to the chart, %2 already on it</numerusform>
            <numerusform>%n entities added to the chart, %2 already on it</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../analysis_panel.py" line="581"/>
        <source>%n entities added to the chart</source>
        <translation>
            <numerusform>%n entity added to the chart</numerusform>
            <numerusform>%n entities added to the chart</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../analysis_panel.py" line="586"/>
        <source>(the first %1; %n more left off: select fewer rows)</source>
        <translation>
            <numerusform>(the first %1; %n more left off: select fewer rows)</numerusform>
            <numerusform>(the first %1; %n more left off: select fewer rows)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../analysis_panel.py" line="607"/>
        <source>%n entities on the chart sized by %2 (Ctrl+Z takes it back)</source>
        <translation>
            <numerusform>%n entity on the chart sized by %2 (Ctrl+Z takes it back)</numerusform>
            <numerusform>%n entities on the chart sized by %2 (Ctrl+Z takes it back)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../analysis_panel.py" line="617"/>
        <source>%n entities on the chart coloured by %2 (Ctrl+Z takes it back)</source>
        <translation>
            <numerusform>%n entity on the chart coloured by %2 (Ctrl+Z takes it back)</numerusform>
            <numerusform>%n entities on the chart coloured by %2 (Ctrl+Z takes it back)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../analysis_panel.py" line="630"/>
        <source>%n entities on the chart flagged in red (Ctrl+Z takes it back)</source>
        <translation>
            <numerusform>%n entity on the chart flagged in red (Ctrl+Z takes it back)</numerusform>
            <numerusform>%n entities on the chart flagged in red (Ctrl+Z takes it back)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChartWidget</name>
    <message numerus="yes">
        <location filename="../chart/widget.py" line="293"/>
        <source>%n entities added</source>
        <translation>
            <numerusform>%n entity added</numerusform>
            <numerusform>%n entities added</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../chart/widget.py" line="318"/>
        <source>%n entities hidden (%2 in all): Show hidden (Shift+H) brings them back</source>
        <translation>
            <numerusform>%n entity hidden (%2 in all): Show hidden (Shift+H) brings it back</numerusform>
            <numerusform>%n entities hidden (%2 in all): Show hidden (Shift+H) brings them back</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../chart/widget.py" line="327"/>
        <source>%n hidden entities shown again</source>
        <translation>
            <numerusform>%n hidden entity shown again</numerusform>
            <numerusform>%n hidden entities shown again</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../chart/widget.py" line="422"/>
        <source>%n entities of this chart are no longer visible to you</source>
        <translation>
            <numerusform>%n entity of this chart is no longer visible to you</numerusform>
            <numerusform>%n entities of this chart are no longer visible to you</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExchangeMenus</name>
    <message numerus="yes">
        <location filename="../exchange_menu.py" line="195"/>
        <source>%n entities</source>
        <translation>
            <numerusform>%n entity</numerusform>
            <numerusform>%n entities</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../exchange_menu.py" line="196"/>
        <source>%n relations</source>
        <translation>
            <numerusform>%n relation</numerusform>
            <numerusform>%n relations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../exchange_menu.py" line="257"/>
        <source>%n entities exported to %2 (%3)</source>
        <translation>
            <numerusform>%n entity exported to %2 (%3)</numerusform>
            <numerusform>%n entities exported to %2 (%3)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../exchange_menu.py" line="261"/>
        <source>%n items were left out of the export (see the details).</source>
        <translation>
            <numerusform>%n item was left out of the export (see the details).</numerusform>
            <numerusform>%n items were left out of the export (see the details).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../exchange_menu.py" line="337"/>
        <source>%n items could not be imported.</source>
        <translation>
            <numerusform>%n item could not be imported.</numerusform>
            <numerusform>%n items could not be imported.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../main_window.py" line="193"/>
        <source>Label file(s): %1. What was written after this copy is lost. Reason (every member can read it in the audit log):</source>
        <translation>
            <numerusform>Label file: %1. What was written after this copy is lost. Reason (every member can read it in the audit log):</numerusform>
            <numerusform>Label files: %1. What was written after this copy is lost. Reason (every member can read it in the audit log):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../main_window.py" line="209"/>
        <source>Accepted as kept: the file(s) for label %1 (signed in the audit log)</source>
        <translation>
            <numerusform>Accepted as kept: the file for label %1 (signed in the audit log)</numerusform>
            <numerusform>Accepted as kept: the files for label %1 (signed in the audit log)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RecordEditor</name>
    <message numerus="yes">
        <location filename="../record_editor.py" line="385"/>
        <source>%1 has %n relations. Delete them too?</source>
        <translation>
            <numerusform>%1 has %n relation. Delete it too?</numerusform>
            <numerusform>%1 has %n relations. Delete them too?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ResolutionPanel</name>
    <message numerus="yes">
        <location filename="../resolution_panel.py" line="135"/>
        <source>%n possible duplicate(s)</source>
        <translation>
            <numerusform>%n possible duplicate pair</numerusform>
            <numerusform>%n possible duplicate pairs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RunPage</name>
    <message numerus="yes">
        <location filename="../import_wizard.py" line="793"/>
        <source>Imported %n rows.</source>
        <translation>
            <numerusform>Imported %n row.</numerusform>
            <numerusform>Imported %n rows.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message numerus="yes">
        <location filename="../panels.py" line="107"/>
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n result</numerusform>
            <numerusform>%n results</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SourcesView</name>
    <message numerus="yes">
        <location filename="../sources_view.py" line="89"/>
        <source>%1 supports %n records</source>
        <translation>
            <numerusform>%1 supports %n record</numerusform>
            <numerusform>%1 supports %n records</numerusform>
        </translation>
    </message>
</context>
</TS>
