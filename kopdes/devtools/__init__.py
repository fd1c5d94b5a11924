"""Developer tools: `kopdes load_demo` and `kopdes bench`, assembled from what each app contributes.

The convention (no registration, no list to keep here; adding an app needs no edit in devtools):

- An app that contributes demo data has `<app>/demo.py` with `load(context: DemoContext) -> None`.
- An app that contributes to the benchmark has `<app>/bench.py` with any of these steps, each
  `(context: BenchContext) -> list[Row]`:
  `generate` fills the scratch database (after the wipe); `measure` times what only reads that data set;
  `measure_imports` times imports, which change the data, so they run after every app's `measure`;
  `measure_after_imports` reads again once the imports are in.

`kopdes.devtools.runner` imports `<app>.demo` / `<app>.bench` of every kopdes app that has one with importlib, in
INSTALLED_APPS order (so an app's step may use what the apps below it left in the database and in the context), and
calls each benchmark step kind across all apps before the next kind. The context types live in
`kopdes.core.devtools`, where every app may import them; devtools itself imports no app.

The benchmark empties the tables of every kopdes app's models first (`runner.wipe`), so an app's new tables are
wiped without an edit here."""
