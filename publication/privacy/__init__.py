"""Personal data: finding a data subject's records, exporting them and erasing them (UU 27/2022)."""
