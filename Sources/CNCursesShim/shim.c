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

// Precomputed at install time: a signal handler may only call async-signal-safe functions
// (write, tcsetattr, sigaction, sigprocmask, raise).
static char restore_bytes[256];
static size_t restore_length = 0;
static struct termios saved_modes;
static volatile sig_atomic_t saved_fd = -1;
static volatile sig_atomic_t terminal_active = 0;
static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE, SIGQUIT};
#define FATAL_COUNT (sizeof fatal_signals / sizeof fatal_signals[0])
static struct sigaction previous_fatal[FATAL_COUNT];
static int fatal_installed = 0;

static volatile sig_atomic_t quit_signal = 0;
static volatile sig_atomic_t quit_count = 0;

// Leaves the alternate screen, shows the cursor, resets attributes and puts the saved tty modes
// back. Async-signal-safe; does nothing when curses is not active.
static void restore_terminal_now(void) {
    if (!terminal_active) return;
    terminal_active = 0;
    int fd = saved_fd;
    if (fd < 0) return;
    if (restore_length > 0) {
        size_t written = 0;
        while (written < restore_length) {
            ssize_t n = write(fd, restore_bytes + written, restore_length - written);
            if (n <= 0) break;
            written += (size_t)n;
        }
    }
    tcsetattr(fd, TCSANOW, &saved_modes);
}

// The signal's default action, delivered now: the process ends the way the signal says (its
// wait status reports the signal, a core where the default makes one).
static void reraise_default(int signo) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    sigaction(signo, &action, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, signo);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(signo);
}

static void restore_and_reraise(int signo) {
    restore_terminal_now();
    reraise_default(signo);
}

// The first SIGINT/SIGTERM/SIGHUP is recorded for the UI loop, which leaves curses cleanly; a
// second one before the process is gone (a UI stuck in a long frame) restores and dies at once.
static void record_quit(int signo) {
    quit_count += 1;
    if (quit_count > 1) {
        restore_and_reraise(signo);
        return;
    }
    quit_signal = signo;
}

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

void ork_reraise(int signo) {
    if (signo > 0) reraise_default(signo);
}

static void append_capability(const char *name) {
    char *value = tigetstr((char *)name);
    if (value == NULL || value == (char *)-1) return;
    size_t length = strlen(value);
    if (restore_length + length >= sizeof restore_bytes) return;
    memcpy(restore_bytes + restore_length, value, length);
    restore_length += length;
}

void ork_save_terminal_modes(int fd) {
    saved_fd = tcgetattr(fd, &saved_modes) == 0 ? fd : -1;
}

// The calling thread's (the UI thread's) alternate signal stack: a stack overflow there still
// runs the handler that restores the terminal.
static char alternate_stack[64 * 1024];

void ork_install_crash_restore(void) {
    restore_length = 0;
    append_capability("sgr0");
    append_capability("cnorm");
    append_capability("rmcup");
    stack_t stack;
    memset(&stack, 0, sizeof stack);
    stack.ss_sp = alternate_stack;
    stack.ss_size = sizeof alternate_stack;
    int on_stack = sigaltstack(&stack, NULL) == 0 ? SA_ONSTACK : 0;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = restore_and_reraise;
    sigemptyset(&action.sa_mask);
    for (size_t i = 0; i < FATAL_COUNT; i++) sigaddset(&action.sa_mask, fatal_signals[i]);
    action.sa_flags = SA_RESETHAND | on_stack;
    for (size_t i = 0; i < FATAL_COUNT; i++) {
        sigaction(fatal_signals[i], &action, &previous_fatal[i]);
    }
    fatal_installed = 1;
    terminal_active = 1;
}

void ork_remove_crash_restore(void) {
    terminal_active = 0;
    if (fatal_installed) {
        for (size_t i = 0; i < FATAL_COUNT; i++) sigaction(fatal_signals[i], &previous_fatal[i], NULL);
        fatal_installed = 0;
    }
    saved_fd = -1;
}

int ork_terminal_active(void) { return terminal_active; }

void ork_restore_terminal_now(void) { restore_terminal_now(); }
