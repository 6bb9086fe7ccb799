#include "lessonpanel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace ds::app {

LessonPanel::LessonPanel(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 10);
    m_place = new QLabel(this);
    m_place->setStyleSheet("color: #5f6368;");
    layout->addWidget(m_place);
    m_title = new QLabel(this);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.5);
    big.setBold(true);
    m_title->setFont(big);
    m_title->setWordWrap(true);
    layout->addWidget(m_title);
    m_body = new QTextBrowser(this);
    m_body->setFrameShape(QFrame::NoFrame);
    m_body->setOpenExternalLinks(false);
    m_body->viewport()->setAutoFillBackground(false);
    layout->addWidget(m_body, 1);
    auto *buttons = new QHBoxLayout;
    m_previous = new QPushButton("‹ Previous", this);
    m_next = new QPushButton("Next lesson ›", this);
    m_previous->setToolTip("The lesson before this one");
    m_next->setToolTip("The next lesson (unsaved changes here are asked about first)");
    buttons->addWidget(m_previous);
    buttons->addStretch(1);
    buttons->addWidget(m_next);
    layout->addLayout(buttons);
    connect(m_previous, &QPushButton::clicked, this, &LessonPanel::previousRequested);
    connect(m_next, &QPushButton::clicked, this, &LessonPanel::nextRequested);
}

void LessonPanel::showLesson(const Lesson &lesson, int index, int count)
{
    m_title->setText(QString::fromStdString(lesson.title));
    m_place->setText(index >= 0 ? QString("LESSON %1 OF %2").arg(index + 1).arg(count) : QString("LESSON"));
    // Paragraphs from the blank lines, the steps as a numbered list.
    QString html;
    for (const QString &paragraph : QString::fromStdString(lesson.text).split("\n\n", Qt::SkipEmptyParts))
        html += "<p>" + paragraph.trimmed().toHtmlEscaped() + "</p>";
    // Numbered by hand, as paragraphs with a hanging indent: Qt lays out an <ol> in time quadratic
    // in its items (a lesson of 20,000 steps took 10 s to open), paragraphs in linear time.
    if (!lesson.steps.empty()) {
        html += "<p><b>Try this</b></p>";
        int number = 0;
        for (const std::string &step : lesson.steps)
            html += QString("<p style='margin-left: 22px; text-indent: -18px; margin-bottom: 6px'>%1.&nbsp;&nbsp;%2</p>")
                        .arg(++number)
                        .arg(QString::fromStdString(step).toHtmlEscaped());
    }
    m_body->setHtml(html);
    m_previous->setVisible(index >= 0);
    m_next->setVisible(index >= 0);
    m_previous->setEnabled(index > 0);
    m_next->setEnabled(index >= 0 && index + 1 < count);
}

QString LessonPanel::text() const
{
    return m_title->text() + "\n" + m_body->toPlainText();
}

} // namespace ds::app
