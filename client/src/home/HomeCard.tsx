import { useId, type ReactNode } from 'react';
import { Card } from 'design-react-kit';

/** A section of the Ente's home: a card named by its h2, with an optional action beside the heading. */
export function HomeCard({ title, className, action, children }: { title: string; className: string; action?: ReactNode; children: ReactNode }) {
  const headingId = useId();
  return (
    <Card tag="section" aria-labelledby={headingId} shadow="sm" rounded className={`h-100 home-card ${className}`}>
      <div className="it-card-body">
        <div className="d-flex flex-wrap justify-content-between align-items-center gap-2 mb-2">
          <h2 id={headingId} className="h4 mb-0">
            {title}
          </h2>
          {action}
        </div>
        {children}
      </div>
    </Card>
  );
}
