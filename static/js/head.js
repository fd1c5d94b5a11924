/* Kopdes: runs before the page is drawn (not deferred) so that CSS can tell a page with JavaScript ("js" on <html>)
   from one without: only then is the phone menu folded behind its button. */
document.documentElement.classList.add("js");
