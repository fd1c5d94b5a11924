"""Import and export of the mapping app in the columns district and DPMD offices use (STYLE.md rule 9), a file for
each thing: `potentials` (village potentials), `bumdes` (BUMDes and their units), `checks` (what both imports check
in a row), `regency` (the regency view's workbook). The engine they run on is `kopdes.core.importing`."""
