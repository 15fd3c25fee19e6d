// The Control Center's C shim over ncursesw: macros as functions, async-signal-safe signal
// flags and the crash path that restores the terminal before re-raising a fatal signal.
#ifndef ORK_CURSES_SHIM_H
#define ORK_CURSES_SHIM_H
#include <curses.h>

/// COLOR_PAIR(n).
int ork_color_pair(int pair);
/// A_BOLD, A_DIM, A_REVERSE, A_UNDERLINE, A_NORMAL.
int ork_attr_bold(void);
int ork_attr_dim(void);
int ork_attr_reverse(void);
int ork_attr_underline(void);
int ork_attr_normal(void);
/// getmaxyx(stdscr, rows, cols).
int ork_screen_rows(void);
int ork_screen_cols(void);
/// COLORS and COLOR_PAIRS after start_color().
int ork_colors(void);
int ork_color_pairs(void);
/// The locale's codeset after setlocale (nl_langinfo(CODESET)); "" when unknown.
const char *ork_codeset(void);
/// The error value getch() returns on timeout (ERR).
int ork_err(void);

/// Input and output modes of the Control Center: cbreak, noecho, keypad, nonl, no cursor,
/// leaveok, ESCDELAY 25 ms.
void ork_setup_modes(void);
/// attrset(attrs) then mvaddstr(row, column, utf8); returns OK or ERR.
int ork_put(int row, int column, const char *utf8, int attrs);
/// wtimeout(stdscr, ms) then wgetch(stdscr): a key code, or ERR after `ms` (-1 blocks).
int ork_read_key(int ms);
/// werase(stdscr).
void ork_erase(void);
/// wrefresh(stdscr): sends the changed cells.
void ork_refresh(void);
/// clearok(curscr, TRUE): the next refresh repaints everything (after a resize).
void ork_force_repaint(void);

/// Installs SIGINT, SIGTERM and SIGHUP handlers that record the signal for the UI loop (which
/// leaves curses cleanly, then calls `ork_reraise`); a second one before that restores the
/// terminal and re-raises at once. SIGPIPE is ignored.
void ork_install_quit_signals(void);
/// The last recorded quit signal (0 = none); clears it.
int ork_take_quit_signal(void);
/// Ends the process with `signo`'s default action (after the terminal was restored), so its wait
/// status tells the parent which signal ended it. Does nothing for 0.
void ork_reraise(int signo);

/// Saves the terminal modes of `fd` (call before newterm changes them).
void ork_save_terminal_modes(int fd);
/// Saves the terminfo strings that reset attributes, show the cursor and leave the alternate
/// screen, gives the calling thread an alternate signal stack, then installs handlers for
/// SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE and SIGQUIT that write them with write(2),
/// restore the saved modes with tcsetattr and re-raise the signal with its default action.
/// Call after newterm.
void ork_install_crash_restore(void);
/// Puts the previous handlers of those signals back (after endwin).
void ork_remove_crash_restore(void);
/// 1 while the crash handlers would restore the terminal.
int ork_terminal_active(void);
/// What the crash handlers do before re-raising, callable directly (tests).
void ork_restore_terminal_now(void);
#endif
