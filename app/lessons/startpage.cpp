#include "startpage.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace ds::app {
namespace {

constexpr const char *kShowKey = "startPage/show";

// The lesson's first sentence: enough to choose by.
QString firstSentence(const std::string &text)
{
    const QString t = QString::fromStdString(text).section('\n', 0, 0);
    const qsizetype end = t.indexOf(". ");
    return end > 0 ? t.left(end + 1) : t;
}

} // namespace

StartPage::StartPage(const std::vector<LessonEntry> &lessons, QWidget *parent) : QDialog(parent)
{
    setWindowTitle("Welcome to Deepscope");
    resize(720, 560);
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel("<h2>Welcome to Deepscope</h2>"
                             "<p>Build a neural network, press play and watch it learn. Start with a lesson: each "
                             "one opens a ready playground with what to try beside it. The Lessons menu has them "
                             "all, any time.</p>",
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_list = new QListWidget(this);
    m_list->setWordWrap(true);
    m_list->setSpacing(2);
    m_list->setStyleSheet("QListWidget::item:selected { background: #d2e6f5; }"
                          "QListWidget::item:hover { background: #eaf3fa; }");
    for (std::size_t i = 0; i < lessons.size(); ++i) {
        const Lesson &l = lessons[i].document.lesson;
        // A label per row: the title in bold above its first sentence.
        auto *label = new QLabel(
            QString("<b>%1. %2</b><br><span style='color:#5f6368'>%3</span>")
                .arg(i + 1)
                .arg(QString::fromStdString(l.title).toHtmlEscaped(), firstSentence(l.text).toHtmlEscaped()),
            m_list);
        label->setWordWrap(true);
        label->setContentsMargins(6, 4, 6, 4);
        label->setAttribute(Qt::WA_TransparentForMouseEvents);
        auto *item = new QListWidgetItem(m_list);
        item->setToolTip(QString::fromStdString(l.text));
        item->setSizeHint(QSize(0, label->heightForWidth(640) + 4)); // the list is about as wide
        m_list->setItemWidget(item, label);
    }
    m_list->setCurrentRow(0);
    layout->addWidget(m_list, 1);
    m_showAtStart = new QCheckBox("Show this page when Deepscope starts", this);
    m_showAtStart->setChecked(showAtStart());
    layout->addWidget(m_showAtStart);
    auto *buttons = new QDialogButtonBox(this);
    QPushButton *open = buttons->addButton("Open lesson", QDialogButtonBox::AcceptRole);
    QPushButton *empty = buttons->addButton("Empty playground", QDialogButtonBox::RejectRole);
    open->setDefault(true);
    layout->addWidget(buttons);
    connect(open, &QPushButton::clicked, this, [this] {
        m_chosen = m_list->currentRow();
        accept();
    });
    connect(m_list, &QListWidget::itemActivated, this, [this] {
        m_chosen = m_list->currentRow();
        accept();
    });
    connect(empty, &QPushButton::clicked, this, &QDialog::reject);
    connect(this, &QDialog::finished, this, [this] { QSettings().setValue(kShowKey, m_showAtStart->isChecked()); });
}

bool StartPage::showAtStart()
{
    return QSettings().value(kShowKey, true).toBool();
}

} // namespace ds::app
