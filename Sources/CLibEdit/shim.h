#ifndef QUORUM_CLIBEDIT_SHIM_H
#define QUORUM_CLIBEDIT_SHIM_H

// libedit's el_set/el_get and history() are variadic, which Swift cannot call. Each call the
// shell needs gets a typed static inline wrapper here, as GRDB does for sqlite3_config.

#include <stdio.h>
#include <histedit.h>

// The C standard streams are mutable globals, which Swift 6 will not touch directly.
static inline FILE *quorum_stdin(void) { return stdin; }
static inline FILE *quorum_stdout(void) { return stdout; }
static inline FILE *quorum_stderr(void) { return stderr; }

typedef char *(*quorum_prompt_fn)(EditLine *);
typedef unsigned char (*quorum_command_fn)(EditLine *, int);

static inline int quorum_el_set_prompt(EditLine *el, quorum_prompt_fn fn) {
    return el_set(el, EL_PROMPT, fn);
}
/// A prompt that may hold colour codes: libedit skips text between two `delimiter` characters
/// when it measures the prompt's width.
static inline int quorum_el_set_prompt_esc(EditLine *el, quorum_prompt_fn fn, char delimiter) {
    return el_set(el, EL_PROMPT_ESC, fn, delimiter);
}
static inline int quorum_el_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}
static inline int quorum_el_set_history(EditLine *el, History *h) {
    return el_set(el, EL_HIST, history, h);
}
static inline int quorum_el_set_signal(EditLine *el, int on) {
    return el_set(el, EL_SIGNAL, on);
}
static inline int quorum_el_set_clientdata(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}
static inline void *quorum_el_get_clientdata(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}
static inline int quorum_el_add_function(EditLine *el, const char *name, const char *help,
                                         quorum_command_fn fn) {
    return el_set(el, EL_ADDFN, name, help, fn);
}
static inline int quorum_el_bind(EditLine *el, const char *key, const char *function) {
    return el_set(el, EL_BIND, key, function, NULL);
}

static inline History *quorum_history_open(int size) {
    History *h = history_init();
    if (h != NULL) {
        HistEvent ev;
        history(h, &ev, H_SETSIZE, size);
        history(h, &ev, H_SETUNIQUE, 1);
    }
    return h;
}
static inline int quorum_history_enter(History *h, const char *line) {
    HistEvent ev;
    return history(h, &ev, H_ENTER, line);
}
static inline int quorum_history_load(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_LOAD, path);
}
static inline int quorum_history_save(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_SAVE, path);
}

#endif
