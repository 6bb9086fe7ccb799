#include "getdatadialog.h"

#include "datasetdownload.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QFileInfo>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ds::app {

GetDataDialog::GetDataDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle("Get data sets");
    QString catalogError;
    m_sets = downloadableSets(&catalogError);
    auto *l = new QVBoxLayout(this);
    auto *intro = new QLabel(QString("Deepscope downloads these from their publishers and checks every file against "
                                     "its published checksum. They are kept in <b>%1</b>, shared with the command "
                                     "<tt>deepscope data</tt>.")
                                 .arg(dataSetsFolder().toHtmlEscaped()),
        this);
    intro->setWordWrap(true);
    intro->setTextInteractionFlags(Qt::TextSelectableByMouse);
    l->addWidget(intro);

    m_list = new QTreeWidget(this);
    m_list->setHeaderLabels({"Data set", "Images", "Size", "Status"});
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int c = 1; c < 4; ++c)
        m_list->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    l->addWidget(m_list, 1);
    m_about = new QLabel(this);
    m_about->setWordWrap(true);
    l->addWidget(m_about);

    m_stage = new QLabel(this);
    l->addWidget(m_stage);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    l->addWidget(m_progress);
    m_progressText = new QLabel(this);
    l->addWidget(m_progressText);
    m_message = new QLabel(catalogError, this);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    l->addWidget(m_message);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_get = buttons->addButton("&Get", QDialogButtonBox::ActionRole);
    m_cancel = buttons->addButton("&Stop", QDialogButtonBox::ActionRole);
    m_use = buttons->addButton("&Use in the Images mode", QDialogButtonBox::AcceptRole);
    m_remove = buttons->addButton("&Remove", QDialogButtonBox::ActionRole);
    m_remove->setToolTip("Delete the chosen set from this computer (Get downloads it again)");
    m_get->setDefault(true);
    connect(buttons, &QDialogButtonBox::rejected, this, &GetDataDialog::reject);
    connect(m_get, &QPushButton::clicked, this, &GetDataDialog::getSelected);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_download)
            m_download->cancel();
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        const auto set = downloadableSet(selectedId());
        if (!set
            || QMessageBox::question(this, "Remove " + set->title,
                   QString("Delete %1 from this computer? Get downloads it again (%2).")
                       .arg(set->title, megabytesText(set->bytes())))
                != QMessageBox::Yes)
            return;
        removeSelected();
    });
    connect(m_use, &QPushButton::clicked, this, [this] {
        emit useInImagesMode(selectedId());
        accept();
    });
    l->addWidget(buttons);

    fillList();
    connect(m_list, &QTreeWidget::currentItemChanged, this, &GetDataDialog::showSelection);
    m_list->setCurrentItem(m_list->topLevelItem(0));
    showSelection();
    resize(620, 420);
}

GetDataDialog::~GetDataDialog() = default;

void GetDataDialog::fillList()
{
    const QString current = selectedId();
    m_list->clear();
    for (const DownloadableSet &s : m_sets) {
        auto *item = new QTreeWidgetItem(m_list, {s.title, s.imageCount > 0 ? QLocale::system().toString(s.imageCount) : "",
                                                     megabytesText(s.bytes()), isDownloaded(s) ? "downloaded" : "not yet"});
        item->setData(0, Qt::UserRole, s.id);
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        item->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
        item->setToolTip(0, s.about);
    }
    if (!current.isEmpty())
        select(current);
}

void GetDataDialog::select(const QString &id)
{
    for (int i = 0; i < m_list->topLevelItemCount(); ++i)
        if (m_list->topLevelItem(i)->data(0, Qt::UserRole).toString() == id)
            m_list->setCurrentItem(m_list->topLevelItem(i));
}

QString GetDataDialog::selectedId() const
{
    const QTreeWidgetItem *item = m_list->currentItem();
    return item ? item->data(0, Qt::UserRole).toString() : QString();
}

bool GetDataDialog::downloading() const
{
    return m_download && m_download->running();
}

void GetDataDialog::showSelection()
{
    const auto set = std::find_if(m_sets.begin(), m_sets.end(), [&](const auto &s) { return s.id == selectedId(); });
    const bool here = set != m_sets.end() && isDownloaded(*set);
    if (set != m_sets.end())
        m_about->setText(QString("<b>%1</b>: %2.<br>From %3. %4")
                             .arg(set->title.toHtmlEscaped(), set->about.toHtmlEscaped(), set->source.toHtmlEscaped(),
                                 here ? QString("Downloaded, in %1.").arg(setFolder(*set).toHtmlEscaped())
                                      : QString("%1 to download.").arg(megabytesText(set->bytes()))));
    m_get->setEnabled(set != m_sets.end() && !here && !downloading());
    m_cancel->setVisible(downloading());
    m_use->setEnabled(here && !downloading());
    m_remove->setEnabled(set != m_sets.end() && QFileInfo::exists(setFolder(*set)) && !downloading());
    m_list->setEnabled(!downloading());
}

void GetDataDialog::getSelected()
{
    const auto set = std::find_if(m_sets.begin(), m_sets.end(), [&](const auto &s) { return s.id == selectedId(); });
    if (set == m_sets.end() || downloading())
        return;
    delete m_download;
    m_download = new DataSetDownload(*set, this);
    m_message->clear();
    m_stage->clear();
    m_progress->setValue(0);
    m_progressText->setText(QString("0.0 of %1").arg(megabytesText(set->bytes())));
    connect(m_download, &DataSetDownload::stage, m_stage, &QLabel::setText);
    connect(m_download, &DataSetDownload::progress, this, [this](const DownloadProgress &p) {
        m_progress->setValue(p.total > 0 ? int(1000 * p.done / p.total) : 0);
        m_progressText->setText(progressText(p));
    });
    connect(m_download, &DataSetDownload::finished, this, &GetDataDialog::finish);
    m_download->start();
    showSelection();
}

void GetDataDialog::removeSelected()
{
    const auto set = downloadableSet(selectedId());
    if (!set || downloading())
        return;
    QString error;
    const qint64 freed = removeDownloadedSet(*set, &error);
    m_message->setText(freed < 0 ? error : QString("%1 removed: %2 freed.").arg(set->title, megabytesText(freed)));
    fillList();
    showSelection();
    emit removed(set->id);
}

void GetDataDialog::finish(bool ok, const QString &message)
{
    const QString id = m_download ? m_download->set().id : QString();
    m_stage->setText(ok ? "Downloaded and verified." : "Stopped.");
    if (ok)
        m_progress->setValue(1000);
    m_message->setText(message);
    fillList();
    showSelection();
    if (ok)
        emit downloaded(id);
}

void GetDataDialog::reject()
{
    if (m_download)
        m_download->cancel();
    QDialog::reject();
}

} // namespace ds::app
