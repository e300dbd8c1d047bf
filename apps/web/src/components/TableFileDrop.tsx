// A drop zone for a table file (Excel .xlsx or CSV): the file is read and handed on as base64 with its name, for
// the imports that preview a file before they write it (addresses in 一标三实, 系统管理's 导入导出).
import { Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { toBase64 } from '../lib/bytes';

export interface PickedFile {
  name: string;
  /** The file's bytes in base64 (the import's body). */
  data: string;
}

export function TableFileDrop({ file, placeholder, onFile, testId }: { file: PickedFile | null; placeholder: string; onFile: (f: PickedFile) => void; testId?: string }) {
  return (
    <Upload.Dragger
      accept=".csv,.xlsx"
      showUploadList={false}
      data-testid={testId}
      beforeUpload={(f) => {
        void f.arrayBuffer().then((buf) => onFile({ name: f.name, data: toBase64(new Uint8Array(buf)) }));
        return false;
      }}
    >
      <p className="ant-upload-drag-icon">
        <InboxOutlined />
      </p>
      <p>{file ? file.name : placeholder}</p>
    </Upload.Dragger>
  );
}
