#include "ork_curses_shim.h"
#include <langinfo.h>
#include <signal.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

int ork_color_pair(int pair) { return (int)COLOR_PAIR(pair); }
int ork_attr_bold(void) { return (int)A_BOLD; }
int ork_attr_dim(void) { return (int)A_DIM; }
int ork_attr_reverse(void) { return (int)A_REVERSE; }
int ork_attr_underline(void) { return (int)A_UNDERLINE; }
int ork_attr_normal(void) { return (int)A_NORMAL; }
int ork_screen_rows(void) { int rows, cols; getmaxyx(stdscr, rows, cols); (void)cols; return rows; }
int ork_screen_cols(void) { int rows, cols; getmaxyx(stdscr, rows, cols); (void)rows; return cols; }
int ork_colors(void) { return COLORS; }
int ork_color_pairs(void) { return COLOR_PAIRS; }
int ork_err(void) { return ERR; }

void ork_setup_modes(void) {
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    intrflush(stdscr, FALSE);
    leaveok(stdscr, TRUE);
    scrollok(stdscr, FALSE);
    curs_set(0);
    set_escdelay(25);
}

int ork_put(int row, int column, const char *utf8, int attrs) {
    attrset(attrs);
    return mvaddstr(row, column, utf8);
}

int ork_read_key(int ms) {
    wtimeout(stdscr, ms);
    return wgetch(stdscr);
}

void ork_erase(void) { werase(stdscr); }
void ork_refresh(void) { wrefresh(stdscr); }
void ork_force_repaint(void) { clearok(curscr, TRUE); }

const char *ork_codeset(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset ? codeset : "";
}

static volatile sig_atomic_t quit_signal = 0;

static void record_quit(int signo) { quit_signal = signo; }

void ork_install_quit_signals(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = record_quit;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGHUP, &action, NULL);
    signal(SIGPIPE, SIG_IGN);
}

int ork_take_quit_signal(void) {
    int signo = quit_signal;
    quit_signal = 0;
    return signo;
}

// Precomputed at install time: a signal handler may only call async-signal-safe functions.
static char restore_bytes[256];
static size_t restore_length = 0;
static struct termios saved_modes;
static int saved_fd = -1;
static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE};

static void append_capability(const char *name) {
    char *value = tigetstr((char *)name);
    if (value == NULL || value == (char *)-1) return;
    size_t length = strlen(value);
    if (restore_length + length >= sizeof restore_bytes) return;
    memcpy(restore_bytes + restore_length, value, length);
    restore_length += length;
}

static void restore_and_reraise(int signo) {
    if (restore_length > 0 && saved_fd >= 0) {
        ssize_t ignored = write(saved_fd, restore_bytes, restore_length);
        (void)ignored;
    }
    if (saved_fd >= 0) tcsetattr(saved_fd, TCSANOW, &saved_modes);
    signal(signo, SIG_DFL);
    raise(signo);
}

void ork_save_terminal_modes(int fd) {
    saved_fd = tcgetattr(fd, &saved_modes) == 0 ? fd : -1;
}

void ork_install_crash_restore(void) {
    restore_length = 0;
    append_capability("sgr0");
    append_capability("cnorm");
    append_capability("rmcup");
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = restore_and_reraise;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND;
    for (size_t i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++) {
        sigaction(fatal_signals[i], &action, NULL);
    }
}

void ork_remove_crash_restore(void) {
    for (size_t i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++) {
        signal(fatal_signals[i], SIG_DFL);
    }
    saved_fd = -1;
}
