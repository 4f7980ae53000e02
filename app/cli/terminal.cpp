// SPDX-License-Identifier: GPL-3.0-or-later
#include "terminal.h"

#include "console.h"

#include <QByteArray>
#include <QDeadlineTimer>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

namespace pgr::cli {

namespace {

constexpr int kPollMs = 200;
constexpr int kAnswerMinutes = 5;

// Echo off for as long as it lives; the terminal as it was afterwards, however the read ends.
class EchoOff
{
public:
    EchoOff()
    {
        m_saved = ::tcgetattr(STDIN_FILENO, &m_before) == 0;
        if (!m_saved)
            return;
        termios quiet = m_before;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        quiet.c_lflag |= ECHONL;
        ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    ~EchoOff()
    {
        if (m_saved)
            ::tcsetattr(STDIN_FILENO, TCSANOW, &m_before);
    }
    EchoOff(const EchoOff&) = delete;
    EchoOff& operator=(const EchoOff&) = delete;

private:
    termios m_before {};
    bool m_saved = false;
};

} // namespace

std::optional<QString> askSecret(const QString& prompt, const std::atomic<bool>* interrupted)
{
    if (::isatty(STDIN_FILENO) != 1)
        return std::nullopt;
    const EchoOff echoOff; // before the prompt: what is typed once it shows is never echoed
    err() << prompt << Qt::flush;
    QByteArray typed;
    const QDeadlineTimer deadline { std::chrono::minutes(kAnswerMinutes) };
    // Polled, so that Ctrl+C (which only raises interrupted) ends the wait too.
    while (!deadline.hasExpired() && !(interrupted && interrupted->load())) {
        pollfd input { STDIN_FILENO, POLLIN, 0 };
        if (::poll(&input, 1, kPollMs) <= 0)
            continue;
        char c = 0;
        if (::read(STDIN_FILENO, &c, 1) != 1)
            break; // end of input
        if (c == '\n' || c == '\r')
            return QString::fromUtf8(typed);
        typed.append(c);
    }
    err() << Qt::endl;
    return std::nullopt;
}

} // namespace pgr::cli
