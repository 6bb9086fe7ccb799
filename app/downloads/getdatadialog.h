// GetDataDialog (File → Get data sets…): the data sets Deepscope downloads, each with its size,
// image count and whether it is already here; Get fetches the chosen one with a progress bar
// (bytes, speed, time left) and says plainly what went wrong (offline, a checksum, a missing
// file). "Use in the Images mode" hands a downloaded set to the Images mode.
#pragma once

#include "core/downloadcatalog.h"

#include <QDialog>

class QLabel;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace ds::app {

class DataSetDownload;

class GetDataDialog : public QDialog {
    Q_OBJECT

public:
    explicit GetDataDialog(QWidget *parent = nullptr);
    ~GetDataDialog() override;

    void select(const QString &id);
    QString selectedId() const;
    bool downloading() const;
    // Starts the chosen set's download (what Get does).
    void getSelected();
    // Deletes the chosen set from the cache (what Remove does once the user says yes).
    void removeSelected();

signals:
    void downloaded(const QString &id); // verified and in the cache
    void useInImagesMode(const QString &id);
    void removed(const QString &id); // deleted from the cache

protected:
    void reject() override; // closing stops a download (what came is kept for the next Get)

private:
    void fillList();
    void showSelection();
    void finish(bool ok, const QString &message);

    QList<DownloadableSet> m_sets;
    QTreeWidget *m_list;
    QLabel *m_about, *m_stage, *m_progressText, *m_message;
    QProgressBar *m_progress;
    QPushButton *m_get, *m_cancel, *m_use, *m_remove;
    DataSetDownload *m_download = nullptr;
};

} // namespace ds::app
